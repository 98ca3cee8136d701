import CRMCore
import Foundation

extension ShellHost {
    /// All of standard input, for `open -`, up to the input limit (`InputLimit`): read on a thread
    /// of its own so no cooperative thread blocks on the pipe or the terminal (at a terminal it
    /// reads until Ctrl-D).
    public func readStandardInput() async throws -> String? {
        let limitMB = settings.maxInputMB
        let read: Result<Data?, any Error> = await withCheckedContinuation { done in
            Thread.detachNewThread {
                done.resume(returning: Result { try InputLimit.read(FileHandle.standardInput, limitMB: limitMB) })
            }
        }
        guard let data = try read.get() else { throw InputLimit.tooLarge("standard input", limitMB: limitMB) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CRMError.runtime("file-encoding", "Cannot open '-': standard input is not UTF-8 text.")
        }
        return text
    }
}
