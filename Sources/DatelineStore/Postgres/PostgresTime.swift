import Foundation
import NIOCore
import PostgresNIO

/// A time bound as a `timestamptz`, rounded to the microsecond PostgreSQL keeps.
///
/// PostgresNIO's own `Date` encoding cuts the fraction off, so a time read back and bound again
/// (a change cursor, say) can land one microsecond early; rounding makes every round trip exact.
struct PostgresTime: PostgresNonThrowingEncodable, PostgresArrayEncodable, Sendable {
    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlArrayType: PostgresDataType { .timestamptzArray }
    static var psqlFormat: PostgresFormat { .binary }

    /// Midnight UTC on 1 January 2000, PostgreSQL's zero time.
    private static let epoch = Date(timeIntervalSince1970: 946_684_800)

    let date: Date

    init(_ date: Date) {
        self.date = date
    }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        let microseconds = (date.timeIntervalSince(Self.epoch) * 1_000_000).rounded()
        byteBuffer.writeInteger(Int64(microseconds))
    }
}

extension Date {
    /// This time as a bind value for PostgreSQL.
    var postgres: PostgresTime { PostgresTime(self) }
}

extension Optional where Wrapped == Date {
    /// This time (or NULL) as a bind value for PostgreSQL.
    var postgres: PostgresTime? { map(PostgresTime.init) }
}
