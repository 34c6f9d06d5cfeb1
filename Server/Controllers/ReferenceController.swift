import CasebookKit
import Hummingbird

/// The reference data: the ten foundations and six ambitions examples are tagged with.
struct ReferenceController {
    let reference: ReferenceData

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("foundations", use: foundations)
            .get("ambitions", use: ambitions)
    }

    @Sendable func foundations(_ request: Request, context: AppRequestContext) -> JSONReply<[String: [Foundation]]> {
        JSONReply(["foundations": reference.foundations])
    }

    @Sendable func ambitions(_ request: Request, context: AppRequestContext) -> JSONReply<[String: [Ambition]]> {
        JSONReply(["ambitions": reference.ambitions])
    }
}
