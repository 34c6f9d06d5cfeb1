import Foundation
import Hummingbird

/// The OpenAPI 3.1 document the server serves at `/openapi.json`, shipped as the resource `openapi.json`.
public struct APIDocument: Sendable {
    /// The document's bytes, served as they are.
    public let data: Data
    /// The documented methods of each documented path.
    public let routes: RouteTable

    /// The document shipped with the server, from `resources` (by default the shipped folder).
    public static func shipped(_ resources: ServerResources? = nil) throws -> APIDocument {
        try APIDocument(data: (resources ?? ServerResources.locate()).data("openapi.json"))
    }

    /// The keys of a path item that name operations (the rest are shared parameters and prose).
    static let operationKeys: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// Reads a document, collecting its paths and methods.
    public init(data: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let paths = root["paths"] as? [String: [String: Any]]
        else { throw APIDocumentError(message: "openapi.json has no paths object") }
        self.data = data
        self.routes = RouteTable(
            paths.mapValues { operations in
                operations.keys.filter(Self.operationKeys.contains).compactMap { HTTPRequest.Method($0.uppercased()) }
            })
    }
}

/// A shipped OpenAPI document that cannot be read.
public struct APIDocumentError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Paths as OpenAPI templates (`/api/v1/examples/{id}`) with the methods each one answers.
public struct RouteTable: Sendable {
    /// Every documented method of every path template.
    public let methodsByTemplate: [String: [HTTPRequest.Method]]

    init(_ methodsByTemplate: [String: [HTTPRequest.Method]]) {
        self.methodsByTemplate = methodsByTemplate
    }

    /// The methods documented for a concrete request path, or nil when no template matches it.
    public func methods(forPath path: String) -> [HTTPRequest.Method]? {
        let segments = Self.segments(path)
        let matches = methodsByTemplate.filter { template, _ in Self.matches(Self.segments(template), segments) }
        guard !matches.isEmpty else { return nil }
        return Array(Set(matches.values.joined())).sorted { $0.rawValue < $1.rawValue }
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func matches(_ template: [Substring], _ path: [Substring]) -> Bool {
        template.count == path.count && zip(template, path).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }
}
