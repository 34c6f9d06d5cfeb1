import Foundation
import Testing
@testable import CasebookKit

/// Inputs that must be refused with a validation error, never crash the process. Each runs in a child
/// process (an exit test) so that a crash fails only this test and not the whole run.
@Suite("Crash safety")
struct CrashTests {
    @Test(arguments: ["foundations", "ambitions", "keywords"])
    func hugeNumbersInTagListsAreRejectedNotACrash(field: String) async {
        await #expect(processExitsWith: .success) { [field] in
            var object = validObject()
            object[field] = [1e30]
            let data = try! jsonData(object)
            do {
                _ = try ExampleDecoder(source: .importing).decode(data)
                exit(2) // accepted: wrong, but not a crash
            } catch let error as InvalidInput {
                exit(error.errors.contains { $0.field.hasPrefix(field) } ? 0 : 3)
            } catch {
                exit(4)
            }
        }
    }
}
