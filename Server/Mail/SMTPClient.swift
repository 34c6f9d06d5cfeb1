import CasebookKit
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// How to reach the mail relay (contract section 9). Its description never shows the password.
public struct SMTPSettings: Sendable, CustomStringConvertible {
    /// How the connection is protected: STARTTLS after the greeting, TLS from the start, or nothing.
    public enum Security: String, Sendable, CaseIterable {
        case starttls, tls, none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var user: String?
    public var password: String?
    /// A PEM file of extra certificates to trust, for a relay with a private certificate authority.
    public var caFile: String?
    public var from: MailAddress
    /// The longest wait for the connection or for any one reply.
    public var timeout: Duration

    /// `security://user@host:port`, without the password.
    public var description: String {
        "\(security.rawValue)://\(user.map { $0 + "@" } ?? "")\(host):\(port)"
    }

    /// A relay on `host`; port 587 with STARTTLS unless told otherwise.
    public init(
        host: String, port: Int = 587, security: Security = .starttls, user: String? = nil, password: String? = nil,
        caFile: String? = nil, from: MailAddress, timeout: Duration = .seconds(30)
    ) {
        (self.host, self.port, self.security, self.user, self.password, self.caFile, self.from, self.timeout) =
            (host, port, security, user, password, caFile, from, timeout)
    }
}

/// What went wrong talking to the relay: the step, and the relay's words or the connection's error.
public struct SMTPError: Error, CustomStringConvertible {
    public var step: String
    public var message: String
    /// A 5xx reply: trying the same message again will not help.
    public var isPermanent = false

    public var description: String { "\(step): \(message)" }
}

/// One connection to the relay, used for one message after another. Commands are sent one at a time.
public final class SMTPSession: Sendable {
    private let channel: any Channel
    private let settings: SMTPSettings
    /// The first error the connection met (a refused certificate, say), to name when a later wait fails.
    private let failure: NIOLockedValueBox<(any Error)?>

    private init(channel: any Channel, settings: SMTPSettings, failure: NIOLockedValueBox<(any Error)?>) {
        (self.channel, self.settings, self.failure) = (channel, settings, failure)
    }

    /// Connects, reads the greeting, says EHLO, upgrades with STARTTLS when asked to, and signs in.
    public static func open(_ settings: SMTPSettings) async throws -> SMTPSession {
        let tls = settings.security == .none ? nil : try tlsContext(settings)
        let implicit = settings.security == .tls ? tls : nil
        let serverName = serverHostname(settings.host)
        let failure = NIOLockedValueBox<(any Error)?>(nil)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(settings.timeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicit {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicit, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler(failure: failure))
                    }
                }
                .connect(host: settings.host, port: settings.port).get()
        } catch {
            throw SMTPError(step: "connect to \(settings.host):\(settings.port)", message: "\(error)")
        }
        let session = SMTPSession(channel: channel, settings: settings, failure: failure)
        do {
            try await session.greet(tls: tls, serverName: serverName)
        } catch {
            session.close()
            throw error
        }
        return session
    }

    private func greet(tls: NIOSSLContext?, serverName: String?) async throws {
        _ = try await command(nil, expect: 220, step: "greeting")
        var extensions = try await hello()
        if settings.security == .starttls, let tls {
            guard extensions.contains(where: { $0.uppercased() == "STARTTLS" }) else {
                throw SMTPError(step: "STARTTLS", message: "the relay does not offer STARTTLS; use --smtp-security tls or none")
            }
            _ = try await command("STARTTLS", expect: 220, step: "STARTTLS")
            let channel = self.channel
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName), position: .first)
            }.get()
            extensions = try await hello()
        }
        if let user = settings.user {
            try await authenticate(user: user, password: settings.password ?? "", extensions: extensions)
        }
    }

    /// EHLO, returning the extensions the relay offers (one per line after the first).
    private func hello() async throws -> [String] {
        let name = settings.from.email.split(separator: "@").last.map(String.init) ?? "localhost"
        return Array(try await command("EHLO \(name)", expect: 250, step: "EHLO").lines.dropFirst())
    }

    private func authenticate(user: String, password: String, extensions: [String]) async throws {
        let methods = extensions.filter { $0.uppercased().hasPrefix("AUTH") }.joined(separator: " ").uppercased()
            .split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
        if methods.contains("PLAIN") {
            let secret = Data("\u{0}\(user)\u{0}\(password)".utf8).base64EncodedString()
            _ = try await command("AUTH PLAIN \(secret)", expect: 235, step: "AUTH PLAIN", echo: "AUTH PLAIN …")
        } else if methods.contains("LOGIN") {
            _ = try await command("AUTH LOGIN", expect: 334, step: "AUTH LOGIN")
            _ = try await command(Data(user.utf8).base64EncodedString(), expect: 334, step: "AUTH LOGIN user", echo: "…")
            _ = try await command(Data(password.utf8).base64EncodedString(), expect: 235, step: "AUTH LOGIN password", echo: "…")
        } else {
            throw SMTPError(step: "AUTH", message: "the relay offers neither AUTH PLAIN nor AUTH LOGIN (over this connection)")
        }
    }

    /// Sends one message: MAIL FROM, RCPT TO, DATA with the lines that start with a dot doubled.
    public func send(_ mail: MailEnvelope) async throws {
        _ = try await command("MAIL FROM:<\(mail.from.email)>", expect: 250, step: "MAIL FROM")
        _ = try await command("RCPT TO:<\(mail.to.email)>", expect: 250...251, step: "RCPT TO")
        _ = try await command("DATA", expect: 354, step: "DATA")
        _ = try await command(Self.dotStuffed(MailFormat.render(mail)) + ".", expect: 250, step: "end of DATA", echo: "(message)")
    }

    /// Says QUIT and closes the connection, whatever the relay answers.
    public func quit() async {
        _ = try? await command("QUIT", expect: 221, step: "QUIT")
        close()
    }

    /// Closes the connection at once.
    public func close() {
        channel.close(promise: nil)
    }

    /// The message's CRLF lines with a dot added before each line that starts with one (RFC 5321 4.5.2).
    static func dotStuffed(_ message: String) -> String {
        message.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
    }

    private func command(_ line: String?, expect: Int, step: String, echo: String? = nil) async throws -> SMTPReply {
        try await command(line, expect: expect...expect, step: step, echo: echo)
    }

    /// Sends one command line (or nothing, for the greeting) and waits for the whole reply, at most `timeout`.
    private func command(_ line: String?, expect: ClosedRange<Int>, step: String, echo: String? = nil) async throws -> SMTPReply {
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        let timedOut = NIOLockedValueBox(false)
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(settings.timeout)) {
            timedOut.withLockedValue { $0 = true }
            promise.fail(SMTPError(step: step, message: "no answer"))
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        let bytes = line.map { $0 + "\r\n" } ?? ""
        // A promise completed twice keeps its first result, so a write that fails on a closed channel
        // (never reaching the handler) and the timer can both end the wait safely.
        channel.writeAndFlush(SMTPRequest(bytes: bytes, reply: promise)).whenFailure { promise.fail($0) }
        let reply: SMTPReply
        do {
            reply = try await promise.futureResult.get()
        } catch {
            let seconds = settings.timeout.components.seconds
            let cause = failure.withLockedValue { $0 } ?? error
            throw SMTPError(step: step, message: timedOut.withLockedValue { $0 } ? "no answer within \(seconds) s" : "\(cause)")
        }
        guard expect.contains(reply.code) else {
            throw SMTPError(step: step, message: "the relay answered \(reply.text)", isPermanent: (500...599).contains(reply.code))
        }
        return reply
    }

    private static func tlsContext(_ settings: SMTPSettings) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caFile { configuration.additionalTrustRoots = [.file(caFile)] }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw SMTPError(step: "TLS settings", message: "\(error)")
        }
    }

    /// The name sent for SNI and checked against the certificate; nil for an IP address, which NIOSSL
    /// checks against the peer's address instead.
    private static func serverHostname(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }
}

/// A command's bytes and the promise of the reply it gets.
struct SMTPRequest: Sendable {
    var bytes: String
    var reply: EventLoopPromise<SMTPReply>
}

/// A whole reply: its code and the text of each line.
struct SMTPReply: Sendable {
    var code: Int
    var lines: [String]

    var text: String { "\(code) " + lines.joined(separator: " / ") }
}

/// Splits what the relay sends into replies (`250-…` lines continue, `250 …` ends one) and hands each
/// to the oldest command waiting for one, or keeps it for the next to ask.
final class SMTPReplyHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = SMTPRequest
    typealias OutboundOut = ByteBuffer

    private var pending: [UInt8] = []
    private var lines: [String] = []
    private var waiting = CircularBuffer<EventLoopPromise<SMTPReply>>()
    /// Replies that came before anyone waited for them: the greeting can beat the first read.
    private var early = CircularBuffer<SMTPReply>()
    private let failure: NIOLockedValueBox<(any Error)?>
    /// Set once the connection failed or closed: a command written after that fails at once.
    private var isClosed = false

    init(failure: NIOLockedValueBox<(any Error)?>) {
        self.failure = failure
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: pending[..<end], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            pending.removeSubrange(...end)
            take(line, context: context)
        }
        if pending.count > 4_096 { fail(SMTPError(step: "reply", message: "a reply line is too long"), context: context) }
    }

    private func take(_ line: String, context: ChannelHandlerContext) {
        let scalars = Array(line.utf8)
        guard scalars.count >= 3, let code = Int(String(decoding: scalars[0..<3], as: UTF8.self)) else {
            fail(SMTPError(step: "reply", message: "the relay sent '\(line.prefix(80))', not an SMTP reply"), context: context)
            return
        }
        lines.append(scalars.count > 4 ? String(decoding: scalars[4...], as: UTF8.self) : "")
        guard scalars.count == 3 || scalars[3] != UInt8(ascii: "-") else { return }
        let reply = SMTPReply(code: code, lines: lines)
        lines = []
        if let promise = waiting.popFirst() { promise.succeed(reply) } else { early.append(reply) }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if isClosed {
            let closed: any Error = SMTPError(step: "connection", message: "the relay closed the connection")
            let error: any Error = failure.withLockedValue { $0 } ?? closed
            request.reply.fail(error)
            promise?.fail(error)
            return
        }
        if let reply = early.popFirst() { request.reply.succeed(reply) } else { waiting.append(request.reply) }
        guard !request.bytes.isEmpty else {
            promise?.succeed()
            return
        }
        context.write(wrapOutboundOut(context.channel.allocator.buffer(string: request.bytes)), promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        isClosed = true
        failWaiting(SMTPError(step: "connection", message: "the relay closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failure.withLockedValue { first in if first == nil { first = error } }
        fail(error, context: context)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        isClosed = true
        failWaiting(error)
        context.close(promise: nil)
    }

    private func failWaiting(_ error: any Error) {
        while let promise = waiting.popFirst() { promise.fail(error) }
    }
}
