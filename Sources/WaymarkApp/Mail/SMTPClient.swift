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
        for address in [message.to, configuration.from] where !Self.isSendable(address) {
            throw SMTPError(message: "\"\(Self.printable(address))\" is not an email address Waymark can send to")
        }
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            var pending = ""
            /// One reply, which may span several lines ("250-…" then "250 …"); its lines' texts.
            @discardableResult
            func expect(_ codes: Set<Int>, after command: String) async throws -> [String] {
                var lines: [String] = []
                while true {
                    if let end = pending.range(of: "\r\n") {
                        let line = String(pending[..<end.lowerBound])
                        pending.removeSubrange(..<end.upperBound)
                        guard line.count >= 3, let code = Int(line.prefix(3)) else { continue }
                        lines.append(String(line.dropFirst(4)))
                        if line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
                        guard codes.contains(code) else { throw SMTPError(message: "the mail server refused \(command): \(Self.printable(line))") }
                        return lines
                    }
                    guard let chunk = try await replies.next() else { throw SMTPError(message: "the mail server closed the connection after \(command)") }
                    pending += String(buffer: chunk)
                }
            }
            @discardableResult
            func say(_ line: String, expecting codes: Set<Int>, name: String? = nil) async throws -> [String] {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                return try await expect(codes, after: name ?? line)
            }
            try await expect([220], after: "connecting")
            let extensions = try await say("EHLO waymark", expecting: [250]).dropFirst().map { $0.uppercased() }
            if let username = configuration.username {
                let token = Data("\u{0}\(username)\u{0}\(configuration.password ?? "")".utf8).base64EncodedString()
                try await say("AUTH PLAIN \(token)", expecting: [235], name: "AUTH PLAIN")
            }
            let data = Self.encode(message, from: configuration.from)
            // An 8-bit body is declared when the server says it takes one (RFC 6152).
            let eightBit = data.utf8.contains { $0 >= 0x80 } && extensions.contains { $0 == "8BITMIME" || $0.hasPrefix("8BITMIME ") }
            try await say("MAIL FROM:<\(configuration.from)>" + (eightBit ? " BODY=8BITMIME" : ""), expecting: [250])
            try await say("RCPT TO:<\(message.to)>", expecting: [250, 251])
            try await say("DATA", expecting: [354])
            try await outbound.write(ByteBuffer(string: data))
            try await expect([250], after: "the message")
            try await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    // MARK: - The message, as sent after DATA

    /// Headers and body, lines ending CRLF, leading dots doubled, ending with the lone dot.
    static func encode(_ message: Message, from: String) -> String {
        encode(message, from: from, date: Date(), messageID: UUID().uuidString)
    }

    /// The text sent after DATA, whatever the subject and body hold: no input can end a header,
    /// add one, or end the message early.
    ///
    /// - The Subject is one line: control characters (CR and LF among them) and the Unicode line
    ///   separators become spaces, and anything but printable ASCII is sent as RFC 2047
    ///   encoded-words (`=?UTF-8?B?…?=`), folded so no header line passes 76 characters.
    /// - The body's line endings (CR LF, CR or LF) all become CR LF; a line beginning with "." has
    ///   another put in front (RFC 5321 4.5.2), which the receiving server removes. A body with a
    ///   line longer than SMTP allows (998 bytes) or with control characters other than tabs goes
    ///   as base64, which no server can misread.
    /// - The addresses are checked by `send`, which refuses any that could break a header.
    static func encode(_ message: Message, from: String, date: Date, messageID: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let domain = from.split(separator: "@").last.map(String.init) ?? "waymark"
        let lines = bodyLines(message.body)
        let plain = lines.allSatisfy { line in line.utf8.count <= 998 && !line.unicodeScalars.contains { isControl($0) && $0 != "\t" } }
        var text = "From: Waymark <\(from)>\r\nTo: <\(message.to)>\r\n" + subjectHeader(message.subject) + "\r\n"
        text += "Date: \(formatter.string(from: date))\r\nMessage-ID: <\(messageID)@\(domain)>\r\nMIME-Version: 1.0\r\n"
        text += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: \(plain ? "8bit" : "base64")\r\n\r\n"
        if plain {
            for line in lines {
                text += (line.hasPrefix(".") ? "." : "") + line + "\r\n"
            }
        } else {
            text += Data(lines.joined(separator: "\r\n").utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            text += "\r\n"
        }
        return text + ".\r\n"
    }

    /// The body's lines, whichever line endings it was written with; a final line break ends the
    /// last line rather than starting an empty one.
    static func bodyLines(_ body: String) -> [String] {
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        var afterCR = false
        for scalar in body.unicodeScalars {
            if scalar == "\n" && afterCR { afterCR = false; continue }
            afterCR = scalar == "\r"
            if scalar == "\r" || scalar == "\n" {
                lines.append(String(line))
                line = String.UnicodeScalarView()
            } else {
                line.append(scalar)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(String(line)) }
        return lines
    }

    /// C0 controls, DEL, C1 controls and the Unicode line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// `Subject: …`, possibly over several lines, each after the first starting with a space.
    static func subjectHeader(_ subject: String) -> String {
        // One line, whatever was stored: every control character becomes a space, runs of spaces one.
        var flat = ""
        for scalar in subject.unicodeScalars {
            let space = isControl(scalar) || scalar == " "
            if space {
                if !flat.isEmpty && !flat.hasSuffix(" ") { flat.append(" ") }
            } else {
                flat.unicodeScalars.append(scalar)
            }
        }
        while flat.hasSuffix(" ") { flat.removeLast() }
        // Printable ASCII that fits goes as it is, unless it could be read as an encoded-word.
        let printable = flat.utf8.allSatisfy { (0x20...0x7E).contains($0) }
        if printable && !flat.contains("=?") && flat.utf8.count + "Subject: ".utf8.count <= 78 {
            return "Subject: " + flat
        }
        return "Subject: " + encodedWords(flat, firstLineUsed: "Subject: ".utf8.count).joined(separator: "\r\n ")
    }

    /// `text` as RFC 2047 base64 encoded-words of whole characters, each on a line of at most 76
    /// characters: the first after `firstLineUsed` characters, the rest after one space.
    static func encodedWords(_ text: String, firstLineUsed: Int) -> [String] {
        let overhead = "=?UTF-8?B??=".utf8.count
        // Base64 turns each 3 bytes into 4 characters.
        func capacity(_ room: Int) -> Int { (room - overhead) / 4 * 3 }
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = capacity(76 - firstLineUsed)
        func flush() {
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk.removeAll()
            limit = capacity(76 - 1)
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            // A character too big for any word (a long run of combining marks) is split by scalar.
            let pieces = bytes.count <= capacity(75) ? [bytes] : character.unicodeScalars.map { Array(String($0).utf8) }
            for piece in pieces {
                if chunk.count + piece.count > limit && !chunk.isEmpty { flush() }
                chunk += piece
            }
        }
        if !chunk.isEmpty || words.isEmpty { flush() }
        return words
    }

    /// An address that can go between < and > in a command and a header: no control characters,
    /// spaces, angle brackets, commas or other characters that end or separate addresses, and
    /// exactly one @ with something either side.
    static func isSendable(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, address.utf8.count <= 254 else { return false }
        return !address.unicodeScalars.contains { scalar in
            isControl(scalar) || scalar.properties.isWhitespace || "<>,;:\"()[]\\".unicodeScalars.contains(scalar)
        }
    }

    /// For messages: control characters shown as spaces, so a log line stays one line.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
    }
}
