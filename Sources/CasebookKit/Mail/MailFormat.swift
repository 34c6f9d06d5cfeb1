import Foundation

/// One message ready to go on the wire.
public struct MailEnvelope: Sendable, Equatable {
    public var messageID: String
    public var date: Date
    public var fromName: String
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var body: String
    /// Where replies go, when not to `from`.
    public var replyTo: MailAddress?
    /// An https (or http) address that unsubscribes in one click (RFC 8058).
    public var listUnsubscribe: String?

    /// A message from `fromName <from>` to `to`; `messageID` without its angle brackets.
    public init(
        messageID: String, date: Date, fromName: String, from: MailAddress, to: MailAddress, subject: String, body: String,
        replyTo: MailAddress? = nil, listUnsubscribe: String? = nil
    ) {
        (self.messageID, self.date, self.fromName, self.from, self.to, self.subject, self.body) =
            (messageID, date, fromName, from, to, subject, body)
        (self.replyTo, self.listUnsubscribe) = (replyTo, listUnsubscribe)
    }
}

/// The one place that writes mail headers (RFC 5322, MIME): text from users never reaches a header
/// as it is. Control characters (CR and LF among them) become spaces, non-ASCII text becomes RFC 2047
/// encoded-words, long headers are folded, and the body is UTF-8 in base64, in CRLF lines.
public enum MailFormat {
    /// The whole message, headers and body, with CRLF line ends and no line over 78 characters.
    public static func render(_ mail: MailEnvelope) -> String {
        let headers = [
            header("Date", date(mail.date)),
            header("Message-ID", "<\(plainToken(mail.messageID))>"),
            header("From", mailbox(name: mail.fromName, address: mail.from)),
            header("To", "<\(mail.to.email)>")
        ]
        var optional: [String] = []
        if let replyTo = mail.replyTo { optional.append(header("Reply-To", "<\(replyTo.email)>")) }
        if let link = mail.listUnsubscribe.map(plainToken), link.hasPrefix("http") {
            optional += [header("List-Unsubscribe", "<\(link)>"), header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
        }
        let content = [
            header("Subject", text(mail.subject)),
            header("MIME-Version", "1.0"),
            header("Content-Type", "text/plain; charset=utf-8"),
            header("Content-Transfer-Encoding", "base64")
        ]
        return (headers + optional + content).joined() + "\r\n" + base64Body(mail.body)
    }

    /// `Name <address>`, the name as an encoded-word or a quoted string.
    static func mailbox(name: String, address: MailAddress) -> String {
        let name = singleLine(name)
        guard !name.isEmpty else { return "<\(address.email)>" }
        if name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == " ") }) {
            return "\(name) <\(address.email)>"
        }
        return "\(encodedWords(name)) <\(address.email)>"
    }

    /// A header line, folded before 78 characters at the spaces between words, ending in CRLF.
    static func header(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var line = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: true) {
            if line.count + 1 + word.count > 76, line.count > name.count + 1 {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Header text: one line of printable text, or encoded-words when it holds anything but ASCII.
    static func text(_ value: String) -> String {
        let line = singleLine(value)
        if line.unicodeScalars.allSatisfy({ $0.isASCII }) && !line.contains("=?") { return line }
        return encodedWords(line)
    }

    /// The text with every control character (CR, LF, tab, …) turned into a space, runs of spaces squeezed.
    static func singleLine(_ value: String) -> String {
        let spaced = String(
            String.UnicodeScalarView(
                value.unicodeScalars.map {
                    $0.properties.generalCategory == .control
                        || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" ? " " : $0
                }))
        return spaced.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// RFC 2047 `=?utf-8?B?…?=` words, each of whole characters and at most 75 characters long.
    static func encodedWords(_ value: String) -> String {
        var words: [String] = []
        var chunk = ""
        for character in value {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?utf-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: " ")
    }

    /// A Message-ID's text kept to the characters a msg-id allows.
    static func plainToken(_ value: String) -> String {
        String(
            String.UnicodeScalarView(
                value.unicodeScalars.filter {
                    $0.isASCII && $0 != "<" && $0 != ">" && (33...126).contains($0.value)
                }))
    }

    /// The body: its lines joined with CRLF, as UTF-8 in base64 lines of 76 characters.
    static func base64Body(_ body: String) -> String {
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(normalised.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return encoded + "\r\n"
    }

    /// A date as RFC 5322 writes it: `Wed, 02 Dec 2026 06:10:00 +0000`.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
