import ArgumentParser
import Foundation
import LoketConfig
import LoketConsole
import LoketDomain
import LoketStore

/// docs/SPEC.md §1's exit codes and the one-line error every failure prints.
enum ExitStatus {
    static let usage: Int32 = 64
    static let badInput: Int32 = 65
    static let refused: Int32 = 69
    static let temporary: Int32 = 75

    /// Maps an error to its exit code and one-line message.
    static func classify(_ error: any Error) -> (code: Int32, message: String) {
        switch error {
        case let e as Refusal: return (refused, CLIWords.current("refused: {1}", CLIWords.current(e.phrase)))
        case let e as InputError: return (badInput, CLIWords.current(e.phrase))
        case let e as NotFound: return (badInput, CLIWords.current(e.phrase))
        case let e as ConfigError: return (badInput, e.description)
        case let e as StoreUnavailable: return (temporary, e.message)
        case let e as StoreUnusable: return (badInput, e.message)
        case let e as OutboxOwned: return (temporary, e.description)
        case let e as CocoaError where e.code == .fileReadNoSuchFile:
            return (badInput, "\(e.userInfo[NSFilePathErrorKey] ?? "file") does not exist")
        default:
            let text = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            return (temporary, text)
        }
    }

    /// Writes `loket: message` as one line; store text in it (names, reasons) cannot drive the terminal.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("loket: \(terminalSafe(message))\n".utf8))
    }
}

/// Runs a command body, turning any failure into its one-line error and exit code.
func guarded(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let e as ExitCode {
        throw e
    } catch let e as CleanExit {
        throw e
    } catch let e as ValidationError {
        throw e
    } catch {
        let (code, message) = ExitStatus.classify(error)
        ExitStatus.printError(message)
        throw ExitCode(code)
    }
}
