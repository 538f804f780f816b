import ArgumentParser
import Foundation
import LoketCloudAPI
import LoketConfig
import LoketDomain
import LoketMedia
import LoketSQLite
import LoketStore

/// `loket media get`: the path of a message's attachment, fetched now when the gateway has not yet
/// (docs/SPEC.md §9). Over SSH this is how an agent gets a customer's photo or document.
struct MediaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media", abstract: "Attachments: where a message's file is kept.", subcommands: [Get.self])

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the path of a message's attachment (fetching it from Meta now if it is not kept yet).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id (export's \"id\"; the console's o shows it too).") var message: Int64
        @Option(help: "Copy the file here (a file name, or a folder to copy it into under its own name) and print that path.") var out: String?

        func run() async throws {
            try await guarded {
                let (config, store) = try await global.open()
                var (found, media) = try await store.attachment(ofMessage: message)
                if media.state != .ready || media.file.map({ !FileManager.default.fileExists(atPath: $0) }) ?? true {
                    media = try await fetchNow(media, config: config, store: store)
                }
                guard let file = media.file else { throw NotFound("message {1}'s attachment is not kept", message) }
                if let out {
                    let target = try Self.target(out, name: media.fileName ?? "message-\(found.id)." + (file as NSString).pathExtension)
                    do { try FileManager.default.copyItem(atPath: file, toPath: target) }
                    catch { throw InputError("cannot write {1}: {2}", target, (error as NSError).localizedDescription) }
                    print(target)
                } else {
                    print(file)
                }
            }
        }

        /// Where `--out` puts the file: into an existing folder under `name`, else at that path (never over a file).
        static func target(_ out: String, name: String) throws -> String {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: out, isDirectory: &isFolder)
            let path = exists && isFolder.boolValue ? (out as NSString).appendingPathComponent(name) : out
            if FileManager.default.fileExists(atPath: path) { throw InputError("{1} already exists", path) }
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) || !isFolder.boolValue {
                throw InputError("cannot write {1}: there is no folder {2}", path, parent)
            }
            return path
        }

        /// Downloads it the way the gateway does and records how it ended, so the console sees it too.
        func fetchNow(_ media: MessageMedia, config: LoketConfiguration, store: any LoketStoreMaintenance) async throws -> MessageMedia {
            guard let id = media.mediaID else {
                throw Refusal("message {1}'s attachment was never stored and Meta gave no media id for it", message)
            }
            let variable = config.cloudAPI.accessTokenEnv
            guard let token = ProcessInfo.processInfo.environment[variable], !token.isEmpty else {
                throw InputError("the attachment is not kept yet and ${1} is not set, so it cannot be fetched", variable)
            }
            let client = CloudAPIClient(baseURL: config.cloudAPI.baseURL, phoneNumberID: config.cloudAPI.phoneNumberID, token: token)
            let folder = global.mediaFolder(config)
            try folder.create()
            let now = Date()
            switch await client.download(mediaID: id, expectedSHA256: media.sha256, into: folder, maxBytes: config.media.maxDownloadMB << 20) {
            case .kept(let kept, let mime):
                try await store.recordMediaFetch(messageID: message, outcome: .stored(file: kept.path, size: kept.size, mimeType: mime,
                                                                                      sha256: kept.sha256), at: now)
                var m = media
                m.file = kept.path; m.state = .ready
                return m
            case .gone(let reason):
                try await store.recordMediaFetch(messageID: message, outcome: .expired(reason: reason), at: now)
                throw Refusal("Meta no longer has message {1}'s attachment and it was never stored", message)
            case .tooLarge(let size):
                try await store.recordMediaFetch(messageID: message, outcome: .tooLarge(size: size), at: now)
                throw InputError("the attachment is {1}, over [media] max_download_mb ({2} MB)", MediaLimits.byteSize(size), config.media.maxDownloadMB)
            case .failed(let reason, _):
                throw StoreUnavailable("cannot fetch the attachment now: \(reason)")
            }
        }
    }
}
