import ArgumentParser
import Foundation
import LoketDomain
import LoketMedia
import LoketStore

/// The values of a template send on the command line (`loket reply --template`, `loket announce`): every
/// variable of every component (docs/SPEC.md §9).
struct TemplateOptions: ParsableArguments {
    @Option(help: "A template variable, in order (the text header's first, then the body's), or NAME=VALUE for a named template; repeat.")
    var param: [String] = []
    @Option(name: .customLong("header-media"), help: "The template's header image, video or document: a file (uploaded when sent) or an https:// link.")
    var headerMedia: String?
    @Option(name: .customLong("button-param"),
            help: "A button's value in button order: URL suffix, copy code, quick-reply payload (payloads may be left out); repeat.")
    var buttonParam: [String] = []

    var isEmpty: Bool { param.isEmpty && headerMedia == nil && buttonParam.isEmpty }

    /// Runs `queue` with the values checked against the template's layout; a header file is kept in the media folder
    /// first (and removed again when `queue` refuses). Nothing is queued when a value is wrong.
    func withValues<T>(template name: String, language: String?, store: any LoketStore, folder: @autoclosure () -> MediaFolder,
                       _ queue: (TemplateValues) async throws -> T) async throws -> T {
        guard let t = try await store.templates().first(where: { $0.name == name && (language == nil || $0.language == language) }) else {
            // The store says why it does not know it.
            return try await queue(TemplateValues(body: param, buttons: buttonParam))
        }
        let layout = TemplateLayout(componentsJSON: t.componentsJSON, parameterFormat: t.parameterFormat)
        guard let media = headerMedia else {
            return try await queue(try layout.values(given: param, headerMedia: nil, buttons: buttonParam, name: name))
        }
        guard let kind = layout.headerMedia else { throw InputError("template '{1}' has no media header", name) }
        return try await TemplateHeaderIntake.send(media, kind: kind, folder: folder()) { header in
            try await queue(try layout.values(given: param, headerMedia: header, buttons: buttonParam, name: name))
        }
    }
}
