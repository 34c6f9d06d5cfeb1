import Foundation
import Testing
@testable import CasebookKit

@Suite("Screening")
struct ScreeningTests {
    let screener = Screener()

    /// The check digit of nine NHS number digits by the modulus 11 rule, or nil when it would be 10 (never issued).
    static func checkDigit(_ nine: [Int]) -> Int? {
        let sum = zip(nine, [10, 9, 8, 7, 6, 5, 4, 3, 2]).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        return check == 11 ? 0 : (check == 10 ? nil : check)
    }

    /// Valid NHS numbers made from fixed nine-digit stems, as ten plain digits.
    static let validNHSNumbers: [String] = {
        var generator = SeededGenerator(seed: 7)
        var numbers = ["9434765919"]
        while numbers.count < 8 {
            let nine = [Int.random(in: 4...9, using: &generator)] + (0..<8).map { _ in Int.random(in: 0...9, using: &generator) }
            guard let check = checkDigit(nine) else { continue }
            numbers.append((nine + [check]).map(String.init).joined())
        }
        return numbers
    }()

    static func spaced(_ digits: String, _ separator: String) -> String {
        let characters = Array(digits)
        return String(characters[0..<3]) + separator + String(characters[3..<6]) + separator + String(characters[6..<10])
    }

    func kinds(_ text: String, field: String = "body") -> [ScreeningFlag.Kind] {
        screener.screen(text: text, field: field).map(\.kind)
    }

    @Test func modulus11RuleAgreesWithTheWorkedExample() {
        #expect(Self.checkDigit([9, 4, 3, 4, 7, 6, 5, 9, 1]) == 9)
        #expect(Screener.isNHSNumber("943 476 5919"))
        #expect(!Screener.isNHSNumber("943 476 5918"))
        #expect(!Screener.isNHSNumber("943 476 591"))
    }

    @Test(arguments: validNHSNumbers)
    func validNHSNumbersAreFlaggedInEveryLayout(digits: String) {
        #expect(Screener.isNHSNumber(digits))
        for layout in [Self.spaced(digits, " "), Self.spaced(digits, "-"), digits] {
            let flags = screener.screen(text: "Patient \(layout) was seen at home.", field: "summary")
            #expect(flags.map(\.kind) == [.nhsNumber], "\(layout)")
            #expect(flags.first?.field == "summary")
            #expect(flags.first?.detail.contains(layout) == true)
        }
    }

    @Test(arguments: validNHSNumbers)
    func wrongCheckDigitIsNotAnNHSNumber(digits: String) {
        let last = Int(String(digits.last!))!
        for wrong in 0...9 where wrong != last {
            let number = String(digits.dropLast()) + String(wrong)
            #expect(!Screener.isNHSNumber(number))
            #expect(!kinds("Reference \(Self.spaced(number, " ")) in the log.").contains(.nhsNumber), "\(number)")
        }
    }

    @Test(arguments: [
        "020 7946 0958", "07700 900123", "+44 7700 900123", "0161 496 0000", "0117 496 0123", "(020) 7946 0958", "07700900123", "+447700900123",
        "0044 7700 900123"
    ])
    func ukPhoneNumbersAreFlagged(number: String) {
        let flags = screener.screen(text: "Ring the ward on \(number) any time.", field: "body")
        #expect(flags.map(\.kind) == [.phone], "\(number)")
        #expect(flags.first?.field == "body")
        #expect(Screener.isUKPhoneNumber(number))
    }

    @Test func nonUKNumbersAreNotPhones() {
        #expect(!Screener.isUKPhoneNumber("12345"))
        #expect(!Screener.isUKPhoneNumber("0800"))
        #expect(!Screener.isUKPhoneNumber("+1 202 555 0143"))
    }

    @Test(arguments: ["jane.doe@example.org", "a+b@nhs.net", "first_last@sub.example.co.uk"])
    func emailsAreFlagged(email: String) {
        let flags = screener.screen(text: "Write to \(email) for details.", field: "keywords[2]")
        #expect(flags.map(\.kind) == [.email])
        #expect(flags.first?.field == "keywords[2]")
    }

    @Test(arguments: ["LS1 4AB", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB"])
    func postcodesAreFlagged(postcode: String) {
        let flags = screener.screen(text: "She lived at \(postcode) with her son.", field: "title")
        #expect(flags.map(\.kind) == [.postcode], "\(postcode)")
        #expect(flags.first?.field == "title")
    }

    @Test(arguments: [
        "DOB: 12/03/1941", "dob 12.03.41", "D.O.B. 1/1/1950", "date of birth 1941-03-12", "born on 3 March 1938", "Born 21st Sept. 1940", "born 3 mar 1938"
    ])
    func datesOfBirthAreFlagged(text: String) {
        let flags = screener.screen(text: "Mr X, \(text), was referred.", field: "body")
        #expect(flags.map(\.kind) == [.dateOfBirth], "\(text)")
        #expect(flags.first?.field == "body")
    }

    @Test(arguments: [
        "In 2023 we trained 1200 staff",
        "from 2019 to 2024",
        "12/03/2023 workshop",
        "a 24/7 line",
        "85% of 400 patients",
        "NHS England",
        "COVID-19",
        "ACP",
        "version 2.1.3",
        "ISBN 978 0 14 044913 6",
        "We reached 1,234,567 people across 42 practices",
        "The ReSPECT form and the DNACPR policy",
        "Ambitions for Palliative and End of Life Care 2021-2026",
        "Born in Leeds, she trained as a nurse",
        "Meetings ran 09:00-17:00 on weekdays",
        "Band 5 and Band 6 nurses; 3 x 45 minute sessions",
        "Cost £12,500 in 2022/23",
        "Ward 7B and Ward 12",
        "Section 117 aftercare under the Mental Health Act 1983",
        "A1 and M62 motorways"
    ])
    func lookAlikesAreNotFlagged(text: String) {
        #expect(screener.screen(text: text, field: "body").isEmpty, "\(text): \(screener.screen(text: text, field: "body"))")
    }

    @Test func everyFreeTextFieldIsScreenedAndNamed() {
        let example = Example.mock(
            title: "Patient 943 476 5919 story", summary: "Contact nurse@example.org for the leaflet.",
            body: "Phone 020 7946 0958.", keywords: ["fine", "LS1 4AB"])
        let flags = Screener().screen(example)
        #expect(flags.map(\.field) == ["title", "summary", "body", "keywords[1]"])
        #expect(flags.map(\.kind) == [.nhsNumber, .email, .phone, .postcode])
    }

    @Test func severalFindingsInOneFieldAreAllReportedInOrder() {
        let text = "DOB: 12/03/1941, NHS 943 476 5919, lives at SW1A 1AA, call 07700 900123 or mail a@example.org"
        let flags = screener.screen(text: text, field: "body")
        #expect(flags.map(\.kind) == [.dateOfBirth, .nhsNumber, .postcode, .phone, .email])
        #expect(flags.allSatisfy { $0.field == "body" })
    }

    @Test func submissionsStoreTheirFlags() throws {
        let database = try AppDatabase.inMemory()
        let receipt = try database.submit(.mock(summary: "Mrs Jones, born on 3 March 1938, agreed to share her story."))
        let stored = try database.requireExample(.id(receipt.id))
        #expect(stored.flags.map(\.kind) == [.dateOfBirth])
        #expect(stored.flags.first?.field == "summary")
    }
}
