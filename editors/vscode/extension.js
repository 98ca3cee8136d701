// Starts `crm lsp` for .crm files. Plain JavaScript on purpose: no build step; `npm install`
// fetches vscode-languageclient, then the folder is a working extension.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("crm").get("server.path", "crm");
  const server = { command, args: ["lsp"] };
  client = new LanguageClient("crm", "crm", { run: server, debug: server }, {
    documentSelector: [{ scheme: "file", language: "crm" }, { scheme: "untitled", language: "crm" }],
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
