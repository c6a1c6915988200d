/// Passwords that guessing programs try first (NCSC password guidance; OWASP ASVS 2.1.7).
///
/// A password is refused when it is on the list, when it is a listed password with digits or
/// symbols added at either end ("football2024!"), or when it is a short word said again and again
/// ("abcabcabcabc"), because those are the changes guessing programs make to a list first.
public enum CommonPasswords {
    /// Words a council's own staff would try first; the published list knows nothing of them.
    static let local = ["waymark", "council", "councillor", "improvement", "administrator", "changeme", "welcome"]

    static let all: Set<String> = {
        var words = Set(listed.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        words.formUnion(local)
        return words
    }()

    /// How many passwords the list holds, so a test can show it is the whole list.
    public static var count: Int { all.count }

    public static func isCommon(_ password: String) -> Bool {
        let lowered = password.lowercased()
        if all.contains(lowered) { return true }
        let withoutStart = String(lowered.drop(while: { !$0.isLetter }))
        let withoutEnd = String(lowered.reversed().drop(while: { !$0.isLetter }).reversed())
        let core = String(withoutStart.reversed().drop(while: { !$0.isLetter }).reversed())
        if [withoutStart, withoutEnd, core].contains(where: { $0.count >= 4 && $0 != lowered && all.contains($0) }) { return true }
        return isRepeated(lowered)
    }

    /// True for "abcabcabcabc" or "passwordpassword": a piece of at most half the length, repeated.
    static func isRepeated(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count >= 2 else { return false }
        for length in 1...(characters.count / 2) where characters.count % length == 0 {
            let piece = characters[0..<length]
            if stride(from: length, to: characters.count, by: length).allSatisfy({ characters[$0..<$0 + length] == piece }) {
                return true
            }
        }
        return false
    }
}
