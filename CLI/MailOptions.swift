import ArgumentParser
import CasebookKit
import CasebookServer
import Foundation

/// The relay settings of contract section 9, shared by `serve` and `mail send`; each also reads
/// `CASEBOOK_` + its name in capitals, then the settings file.
struct MailOptions: ParsableArguments {
    @Option(help: "The address links in mail start with (default: $CASEBOOK_PUBLIC_URL, else http://HOST:PORT).") var publicURL: String?
    @Option(help: "The SMTP relay; without it nothing is sent and messages wait (default: $CASEBOOK_SMTP_HOST).") var smtpHost: String?
    @Option(help: "The relay's port (default: $CASEBOOK_SMTP_PORT, else 587).") var smtpPort: Int?
    @Option(help: "starttls, tls or none (default: $CASEBOOK_SMTP_SECURITY, else starttls).") var smtpSecurity: String?
    @Option(help: "The user to sign in to the relay as (default: $CASEBOOK_SMTP_USER).") var smtpUser: String?
    @Option(help: "A file holding the relay password (default: $CASEBOOK_SMTP_PASSWORD_FILE).") var smtpPasswordFile: String?
    @Option(help: "A PEM file of extra certificates to trust for the relay (default: $CASEBOOK_SMTP_CA_FILE).") var smtpCaFile: String?
    @Option(help: "The sender address of every message (default: $CASEBOOK_MAIL_FROM).") var mailFrom: String?
    @Option(help: "Seconds before a message is tried again; each later wait doubles, up to an hour (default: $CASEBOOK_MAIL_RETRY_SECONDS, else 30).")
    var mailRetrySeconds: Int?
    @Option(help: "Seconds between writing the review reminders and alert digests that are due (default: $CASEBOOK_MAIL_SCHEDULE_SECONDS, else 600).")
    var mailScheduleSeconds: Int?

    /// The resolved relay, or nil when no host is set.
    func resolve(_ settings: Settings) throws -> MailSettings? {
        guard let host = smtpHost ?? settings.text("smtp-host") else { return nil }
        let port = try settings.number(smtpPort, "smtp-port", default: 587, in: 1...65535)
        let securityText = smtpSecurity ?? settings.text("smtp-security") ?? "starttls"
        guard let security = SMTPSettings.Security(rawValue: securityText) else {
            throw CommandFailure(message: "--smtp-security must be starttls, tls or none, not '\(securityText)'", code: ExitStatus.usage)
        }
        let user = smtpUser ?? settings.text("smtp-user")
        let password = try (smtpPasswordFile ?? settings.text("smtp-password-file")).map(Self.readPassword)
        if user != nil, password == nil {
            throw CommandFailure(message: "--smtp-user needs --smtp-password-file", code: ExitStatus.usage)
        }
        let caFile = smtpCaFile ?? settings.text("smtp-ca-file")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw CommandFailure(message: "cannot read the certificate file \(caFile) (--smtp-ca-file)", code: ExitStatus.missingInput)
        }
        let retry = try settings.number(mailRetrySeconds, "mail-retry-seconds", default: 30, in: 1...86_400)
        let smtp = SMTPSettings(host: host, port: port, security: security, user: user, password: password, caFile: caFile, from: try sender(settings))
        let schedule = try settings.number(mailScheduleSeconds, "mail-schedule-seconds", default: 600, in: 1...86_400)
        return MailSettings(
            smtp: smtp, policy: RetryPolicy(maxAttempts: 8, firstDelay: retry, longestDelay: max(retry, 3_600)),
            scheduleInterval: .seconds(schedule))
    }

    /// The public URL, else the given default.
    func publicURL(_ settings: Settings, default fallback: String) -> String {
        publicURL ?? settings.text("public-url") ?? fallback
    }

    private func sender(_ settings: Settings) throws -> MailAddress {
        guard let text = mailFrom ?? settings.text("mail-from") else {
            throw CommandFailure(message: "--mail-from (or CASEBOOK_MAIL_FROM) is needed to send mail through --smtp-host", code: ExitStatus.usage)
        }
        guard let address = MailAddress(text) else {
            throw CommandFailure(message: "--mail-from '\(text)' is not an address mail can be sent from", code: ExitStatus.usage)
        }
        return address
    }

    private static func readPassword(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: "cannot read the password file \(path) (--smtp-password-file)", code: ExitStatus.missingInput)
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }
}
