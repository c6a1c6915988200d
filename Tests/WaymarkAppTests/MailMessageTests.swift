import Foundation
import Vapor
import Testing
@testable import WaymarkApp

/// What the SMTP client sends after DATA, whatever the subject and body hold: no input ends a
/// header, adds one, or ends the message before its end.
@Suite struct MailMessageTests {
    static let date = Date(timeIntervalSince1970: 1_506_902_400)  // Mon, 02 Oct 2017 00:00:00 UTC

    static func data(subject: String, body: String) -> String {
        SMTPClient.encode(.init(to: "lucy@council.test", subject: subject, body: body), from: "waymark@council.test", date: date, messageID: "fixed")
    }

    /// The header block and the body, split at the first empty line.
    static func split(_ data: String) -> (headers: [String], body: String) {
        let parts = data.components(separatedBy: "\r\n\r\n")
        return (parts[0].components(separatedBy: "\r\n"), parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// RFC 2047 encoded-words back to text, as a mail program reads them.
    static func decodeSubject(_ headers: [String]) throws -> String {
        // Unfold: a line starting with a space continues the one before.
        let unfolded = headers.reduce(into: [String]()) { lines, line in
            if line.hasPrefix(" "), !lines.isEmpty { lines[lines.count - 1] += line } else { lines.append(line) }
        }
        let subject = try #require(unfolded.first { $0.hasPrefix("Subject: ") }).dropFirst("Subject: ".count)
        guard subject.hasPrefix("=?") else { return String(subject) }
        var bytes = Data()
        for word in subject.split(separator: " ") {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            bytes += try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
        }
        return try #require(String(data: bytes, encoding: .utf8))
    }

    @Test func aHostileSubjectStaysOneHeaderAndAHostileBodyStaysInTheMessage() throws {
        let subject = "Q3 2017-18: please update 2 milestones in Plan\r\nBcc: spy@evil.example\r\n.\r\nRCPT TO:<spy@evil.example>"
        let body = "Dear Lucy,\n.\nMAIL FROM:<spy@evil.example>\r\n..two dots\rlone CR\n\nEnd\n"
        let data = Self.data(subject: subject, body: body)
        let (headers, sentBody) = Self.split(data)
        #expect(headers == [
            "From: Waymark <waymark@council.test>",
            "To: <lucy@council.test>",
            "Subject: =?UTF-8?B?UTMgMjAxNy0xODogcGxlYXNlIHVwZGF0ZSAyIG1pbGVzdG9uZXMg?=",
            " =?UTF-8?B?aW4gUGxhbiBCY2M6IHNweUBldmlsLmV4YW1wbGUgLiBSQ1BUIFRPOjxzcHlA?=",
            " =?UTF-8?B?ZXZpbC5leGFtcGxlPg==?=",
            "Date: Mon, 02 Oct 2017 00:00:00 +0000",
            "Message-ID: <fixed@council.test>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ])
        #expect(try Self.decodeSubject(headers) == "Q3 2017-18: please update 2 milestones in Plan Bcc: spy@evil.example . RCPT TO:<spy@evil.example>")
        #expect(headers.allSatisfy { $0.utf8.count <= 76 })
        // Every line ends CR LF, the lone dot is doubled, and the only lone dot ends the message.
        #expect(sentBody == "Dear Lucy,\r\n..\r\nMAIL FROM:<spy@evil.example>\r\n...two dots\r\nlone CR\r\n\r\nEnd\r\n.\r\n")
        #expect(data.components(separatedBy: "\r\n.\r\n").count == 2 && data.hasSuffix("\r\n.\r\n"))
        #expect(!data.replacingOccurrences(of: "\r\n", with: "").contains("\r") && !data.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func plainSubjectsGoAsTheyAreAndOthersAreEncodedInWholeCharacters() throws {
        let (plain, _) = Self.split(Self.data(subject: "Q3 2017-18: please update 2 milestones", body: "x"))
        #expect(plain.contains("Subject: Q3 2017-18: please update 2 milestones"))
        // Text that a mail program would take for an encoded-word is encoded itself.
        let (lookalike, _) = Self.split(Self.data(subject: "=?UTF-8?B?SGk=?=", body: "x"))
        #expect(try Self.decodeSubject(lookalike) == "=?UTF-8?B?SGk=?=")

        let welsh = "Cynllun gwella’r cyngor – ‘Ŵyl’ 🚀 " + String(repeating: "é", count: 60)
        let (headers, _) = Self.split(Self.data(subject: welsh, body: "x"))
        #expect(try Self.decodeSubject(headers) == welsh)
        #expect(headers.allSatisfy { $0.utf8.count <= 76 && $0.allSatisfy(\.isASCII) })
        // Each encoded-word holds whole characters: each decodes alone.
        for word in headers.joined(separator: " ").split(separator: " ") where word.hasPrefix("=?") {
            let bytes = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            #expect(String(data: bytes, encoding: .utf8) != nil)
        }
        // A tab, NUL or escape in a subject is a space; ends are trimmed.
        let (controls, _) = Self.split(Self.data(subject: "\tA\u{0}B\u{1B}\u{85}C\u{2028} ", body: "x"))
        #expect(controls.contains("Subject: A B C"))
    }

    @Test func bodiesThatCannotGoAsTextGoAsBase64() throws {
        let long = String(repeating: "é", count: 600)  // 1,200 bytes: more than an SMTP line holds
        let (headers, sent) = Self.split(Self.data(subject: "x", body: ".\(long)\nNext\u{0}line\n"))
        #expect(headers.contains("Content-Transfer-Encoding: base64"))
        let lines = sent.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 && !$0.hasPrefix(".") || $0 == "." })
        let decoded = try #require(Data(base64Encoded: lines.dropLast(2).joined()))
        #expect(String(data: decoded, encoding: .utf8) == ".\(long)\r\nNext\u{0}line")
        // UTF-8 text within the line length goes as 8-bit text.
        let (utf8Headers, utf8Body) = Self.split(Self.data(subject: "x", body: "Café £5 – done"))
        #expect(utf8Headers.contains("Content-Transfer-Encoding: 8bit") && utf8Body == "Café £5 – done\r\n.\r\n")
    }

    @Test func onlyAddressesThatCannotBreakACommandOrHeaderAreSent() {
        for good in ["lucy@council.test", "lucy.marsh+q3@council.gov.uk", "o'brien@council.test"] {
            #expect(SMTPClient.isSendable(good), "\(good)")
        }
        for bad in ["lucy@council.test\r\nRCPT TO:<spy@evil.example>", "lucy@council.test>", "<lucy@council.test", "a@b.test, spy@evil.example",
                    "lucy marsh@council.test", "lucy@@council.test", "a@b@c.test", "nobody", "@council.test", "lucy@", "lucy@council.test\u{0}",
                    "lucy;spy@council.test", "\"lucy\"@council.test", ""] {
            #expect(!SMTPClient.isSendable(bad), "\(bad)")
        }
    }

    @Test func aRefusedAddressIsToldBeforeConnecting() async throws {
        // Port 9 on 127.0.0.1 answers nothing; the refusal comes first, so nothing connects.
        let client = SMTPClient(configuration: .init(host: "127.0.0.1", port: 9, from: "waymark@council.test"), group: MultiThreadedEventLoopGroup.singleton)
        await #expect {
            try await client.send(.init(to: "lucy@council.test\r\nRCPT TO:<spy@evil.example>", subject: "x", body: "y"))
        } throws: { error in
            (error as? SMTPClient.SMTPError)?.message == "\"lucy@council.test  RCPT TO:<spy@evil.example>\" is not an email address Waymark can send to"
        }
    }
}
