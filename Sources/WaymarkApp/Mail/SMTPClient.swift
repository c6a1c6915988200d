import Foundation
import NIOCore
import NIOPosix

/// A plain SMTP client: enough to hand a message to the council's mail relay.
///
/// The relay is given as WAYMARK_SMTP_URL, such as `smtp://relay.council.local:25` or
/// `smtp://user:password@127.0.0.1:8025` (AUTH PLAIN). Waymark sends to a relay on the council's
/// own network; STARTTLS is not attempted.
struct SMTPClient: Sendable {
    struct Configuration: Sendable, Equatable {
        var host: String
        var port: Int
        var username: String?
        var password: String?
        var from: String

        /// Nil when the URL is not an smtp:// address; the message says why.
        static func parse(_ url: String, from: String) -> Result<Configuration, SMTPError> {
            guard let components = URLComponents(string: url), components.scheme?.lowercased() == "smtp", let host = components.host, !host.isEmpty else {
                return .failure(SMTPError(message: "WAYMARK_SMTP_URL: \"\(url)\" is not an smtp:// address, such as smtp://relay.council.local:25"))
            }
            return .success(Configuration(host: host, port: components.port ?? 25, username: components.user?.removingPercentEncoding,
                                          password: components.password?.removingPercentEncoding, from: from))
        }
    }

    struct Message: Sendable {
        var to: String
        var subject: String
        var body: String
    }

    struct SMTPError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    let configuration: Configuration
    let group: any EventLoopGroup

    func send(_ message: Message) async throws {
        for address in [message.to, configuration.from] where address.contains(where: { "\r\n<>".contains($0) }) || !address.contains("@") {
            throw SMTPError(message: "\"\(address)\" is not an email address Waymark can send to")
        }
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            var pending = ""
            /// One reply, which may span several lines ("250-…" then "250 …").
            func expect(_ codes: Set<Int>, after command: String) async throws {
                while true {
                    if let end = pending.range(of: "\r\n") {
                        let line = String(pending[..<end.lowerBound])
                        pending.removeSubrange(..<end.upperBound)
                        guard line.count >= 3, let code = Int(line.prefix(3)) else { continue }
                        if line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
                        guard codes.contains(code) else { throw SMTPError(message: "the mail server refused \(command): \(line)") }
                        return
                    }
                    guard let chunk = try await replies.next() else { throw SMTPError(message: "the mail server closed the connection after \(command)") }
                    pending += String(buffer: chunk)
                }
            }
            func say(_ line: String, expecting codes: Set<Int>, name: String? = nil) async throws {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                try await expect(codes, after: name ?? line)
            }
            try await expect([220], after: "connecting")
            try await say("EHLO waymark", expecting: [250])
            if let username = configuration.username {
                let token = Data("\u{0}\(username)\u{0}\(configuration.password ?? "")".utf8).base64EncodedString()
                try await say("AUTH PLAIN \(token)", expecting: [235], name: "AUTH PLAIN")
            }
            try await say("MAIL FROM:<\(configuration.from)>", expecting: [250])
            try await say("RCPT TO:<\(message.to)>", expecting: [250, 251])
            try await say("DATA", expecting: [354])
            try await outbound.write(ByteBuffer(string: Self.encode(message, from: configuration.from)))
            try await expect([250], after: "the message")
            try await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// Headers and body, lines ending CRLF, leading dots doubled, ending with the lone dot.
    static func encode(_ message: Message, from: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let subject = message.subject.allSatisfy(\.isASCII) ? message.subject : "=?UTF-8?B?\(Data(message.subject.utf8).base64EncodedString())?="
        var text = "From: Waymark <\(from)>\r\nTo: <\(message.to)>\r\nSubject: \(subject)\r\nDate: \(formatter.string(from: Date()))\r\n"
        text += "Message-ID: <\(UUID().uuidString)@waymark>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        for line in message.body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            text += (line.hasPrefix(".") ? "." : "") + line + "\r\n"
        }
        return text + ".\r\n"
    }
}
