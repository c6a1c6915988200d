/// The database answered in a way it never should (no id for a row just inserted, say): a fault
/// in Waymark or the database, reported as a 500 and logged, never blamed on the person.
struct UnexpectedDatabaseAnswer: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
