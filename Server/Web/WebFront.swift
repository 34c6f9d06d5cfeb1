import CasebookKit
import Foundation
import HTTPTypes
import Hummingbird

/// What every page handler needs: the library, the templates, the form guard and the cookie settings.
/// Moderators' sessions are hummingbird-auth's (`SessionMiddleware` on a persist driver, `WebSessions`).
struct WebFront: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let guardian: FormGuard
    /// Whether every cookie is marked Secure (`--secure-cookies`), whatever the request's scheme.
    var secureCookies = false
    /// How long a moderator's session lasts after sign-in.
    var sessionLifetime: Duration = .seconds(8 * 60 * 60)

    static let formCookie = "casebook_form"
    static let sessionCookie = "casebook_session"

    /// The headers of every HTML page: no inline scripts or styles, nothing from another origin, no
    /// framing, no MIME sniffing, no referrer (so a private submission link never leaks), no caching.
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy:
            "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "no-referrer",
        .cacheControl: "no-store"
    ]

    /// Who is asking: their form cookie (made now if they have none) and, when the session authenticator
    /// found one, their moderator account and the session it came from.
    func visitor(_ request: Request, context: AppRequestContext) throws -> Visitor {
        let existing = request.cookies[Self.formCookie]?.value.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        let cookie = existing.flatMap { $0.count >= 32 && $0.count <= 64 ? $0 : nil }
        var visitor = Visitor(
            formCookie: cookie ?? Token.generate().secret, newFormCookie: cookie == nil,
            secure: secureCookies || Self.isSecure(request))
        if case .moderator(let account)? = context.identity, let session = request.cookies[Self.sessionCookie]?.value {
            (visitor.sessionID, visitor.moderator) = (session, account)
        }
        return visitor
    }

    /// Whether the visitor reached the server over HTTPS, directly or through a proxy that says so.
    static func isSecure(_ request: Request) -> Bool {
        request.head.scheme?.lowercased() == "https" || request.headers[.xForwardedProto]?.lowercased() == "https"
    }

    /// A whole address on this server as the visitor reached it (a private link to copy, a sitemap entry); a host
    /// name with anything but letters, digits and `.-:[]` is not trusted, and reads as localhost.
    func absoluteURL(_ request: Request, _ path: String) -> String {
        let host = request.head.authority ?? "localhost"
        let trusted = !host.isEmpty && host.count <= 255 && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]".contains($0)) }
        return (Self.isSecure(request) ? "https://" : "http://") + (trusted ? host : "localhost") + path
    }

    /// The CSRF token for the visitor's forms.
    func csrf(_ visitor: Visitor) -> String {
        guardian.token(cookie: visitor.formCookie, session: visitor.sessionID)
    }

    /// A rendered page with the security headers and, when new, the visitor's form cookie.
    func page(
        _ template: PageTemplate, _ view: Any, title: String, section: String, visitor: Visitor,
        status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]
    ) -> Response {
        let chrome = Chrome(section: section, moderator: visitor.moderator?.name, csrf: csrf(visitor))
        let html = renderer.page(template, view: view, title: title + " – Casebook", chrome: chrome)
        var headers = Self.pageHeaders
        headers.append(contentsOf: extra)
        var response = Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        if visitor.newFormCookie { response.setCookie(cookie(Self.formCookie, visitor.formCookie, visitor: visitor)) }
        return response
    }

    /// A 303 to another page after a form was handled.
    func redirect(_ location: String, visitor: Visitor) -> Response {
        var response = Response.redirect(to: location, type: .normal)
        response.headers[.referrerPolicy] = "no-referrer"
        if visitor.newFormCookie { response.setCookie(cookie(Self.formCookie, visitor.formCookie, visitor: visitor)) }
        return response
    }

    /// A cookie only this site's own requests carry: HttpOnly, SameSite=Strict, Secure over HTTPS.
    func cookie(_ name: String, _ value: String, visitor: Visitor, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: visitor.secure, httpOnly: true, sameSite: .strict)
    }

    /// The fields of a POSTed form, after checking its CSRF token (403 when it does not match).
    func form(_ request: Request, context: AppRequestContext, visitor: Visitor) async throws -> FormFields {
        let buffer = try await request.body(context: context)
        let fields = FormFields(try QueryParameters(String(buffer: buffer)))
        let session = visitor.sessionID
        guard !visitor.newFormCookie, guardian.accepts(fields.text(FormGuard.fieldName), cookie: visitor.formCookie, session: session) else {
            throw Problem.forbidden("This form has expired or did not come from this site. Go back, reload the page and try again.")
        }
        return fields
    }

    /// The signed-in moderator, or a 303 to the sign-in page.
    func moderator(_ visitor: Visitor) throws -> Account {
        guard let account = visitor.moderator else { throw SignInRequired() }
        return account
    }
}

/// Thrown by moderator pages without a session; the page error middleware answers it with a 303 to sign-in.
struct SignInRequired: Error {}

/// The person behind a page request.
struct Visitor: Sendable {
    /// The random value of the form cookie that CSRF tokens are bound to.
    var formCookie: String
    /// Whether the cookie is new and must be set on the response.
    var newFormCookie: Bool
    /// Whether cookies must be marked Secure.
    var secure: Bool
    var sessionID: String?
    var moderator: Account?
}

/// The fields of a submitted HTML form (`application/x-www-form-urlencoded`).
struct FormFields {
    let parameters: QueryParameters

    init(_ parameters: QueryParameters) {
        self.parameters = parameters
    }

    /// The first value of a field, or nil.
    func text(_ name: String) -> String? {
        parameters.all(name).first
    }

    /// The first value, trimmed, or "" when absent.
    func trimmed(_ name: String) -> String {
        text(name)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// Every value of a repeated field (checkboxes).
    func all(_ name: String) -> [String] {
        parameters.all(name)
    }
}

extension HTTPField.Name {
    static let xForwardedProto = Self("X-Forwarded-Proto")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
