import CRMCore
import Foundation

extension ShellHost {
    /// All of standard input, for `open -`: read on a thread of its own so no cooperative thread
    /// blocks on the pipe or the terminal (at a terminal it reads until Ctrl-D).
    public func readStandardInput() async throws -> String? {
        let data: Data = await withCheckedContinuation { done in
            Thread.detachNewThread { done.resume(returning: FileHandle.standardInput.readDataToEndOfFile()) }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CRMError.runtime("file-encoding", "Cannot open '-': standard input is not UTF-8 text.")
        }
        return text
    }
}
