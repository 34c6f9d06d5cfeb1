import Foundation

/// The folder of the server's shipped resources (`openapi.json`, `Templates/`, `Static/`): the
/// `casebook_CasebookServer.resources` folder beside the executable, or a folder given by the caller.
/// Looked up by hand rather than through `Bundle.module`, which stops the process when the folder is
/// missing: here a missing folder or file is a `ServerResourceError` naming it, and the server does not start.
public struct ServerResources: Sendable {
    /// The folder that holds the resources.
    public let folder: URL

    static let bundleNames = [
        "casebook_CasebookServer.resources", "casebook_CasebookServer.bundle/Contents/Resources",
        "casebook_CasebookServer.bundle"
    ]

    /// The resources in `folder`, or, when it is nil, in the shipped folder beside the executable.
    public static func locate(_ folder: URL? = nil) throws(ServerResourceError) -> ServerResources {
        let candidates = folder.map { [$0] } ?? shippedCandidates
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("openapi.json").path) })
        else { throw ServerResourceError(missing: "openapi.json", looked: candidates) }
        return ServerResources(folder: found)
    }

    private static var shippedCandidates: [URL] {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        let bases = [Bundle.main.bundleURL, executable, executable.deletingLastPathComponent().appendingPathComponent("share/casebook")]
        var seen = Set<String>()
        return bases.flatMap { base in bundleNames.map { base.appendingPathComponent($0) } }.filter { seen.insert($0.path).inserted }
    }

    /// The address of one resource, such as `Static/style.css`; an error naming it when it is not there.
    func url(_ path: String) throws(ServerResourceError) -> URL {
        let url = folder.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw ServerResourceError(missing: path, looked: [folder]) }
        return url
    }

    /// The contents of one resource.
    func data(_ path: String) throws(ServerResourceError) -> Data {
        let url = try url(path)
        do { return try Data(contentsOf: url) } catch { throw ServerResourceError(missing: path, looked: [folder]) }
    }
}

/// A resource the server cannot start without is missing or unreadable.
public struct ServerResourceError: Error, Sendable, CustomStringConvertible {
    /// The resources missing, such as `Templates/review.mustache`.
    public var missing: [String]
    /// The folders looked in.
    public var looked: [String]

    /// Names what is missing and where it was looked for.
    public init(missing: String, looked: [URL]) {
        self.init(missing: [missing], looked: looked)
    }

    /// Names several missing resources.
    public init(missing: [String], looked: [URL]) {
        (self.missing, self.looked) = (missing, looked.map(\.path))
    }

    public var description: String {
        let names = missing.joined(separator: ", ")
        return "the server cannot start: \(names) \(missing.count == 1 ? "is" : "are") missing from its resources "
            + "(looked in \(looked.joined(separator: ", "))); install the casebook_CasebookServer.resources folder beside the casebook binary"
    }
}
