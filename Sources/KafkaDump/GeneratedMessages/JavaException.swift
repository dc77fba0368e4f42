/// A failure as Kafka's Java code reports it: the exception's class and `getMessage()`.
///
/// Kafka's dump tool shows these texts to its users. The offsets decoder catches the exception and
/// prints its message (`Error at offset 7, skipping. <message>`, where Scala's string interpolation
/// prints a null message as `null`); where Kafka catches nothing, the run dies with the exception's
/// `toString()`. So every failure of the message readers is modelled as the exception Java throws.
struct JavaException: Error, Equatable, CustomStringConvertible {
    let className: String
    let message: String?

    init(_ className: String, _ message: String?) {
        self.className = className
        self.message = message
    }

    /// `new RuntimeException(message)`, what Kafka's generated readers throw.
    static func runtime(_ message: String) -> JavaException {
        JavaException("java.lang.RuntimeException", message)
    }

    /// A `ByteBuffer` read past its limit; `getMessage()` is null.
    static let bufferUnderflow = JavaException("java.nio.BufferUnderflowException", nil)

    /// A method called on a null reference (e.g. a null record key); printed without the JDK's
    /// helpful message, which depends on how the calling class was compiled.
    static let nullPointer = JavaException("java.lang.NullPointerException", nil)

    /// `getMessage()` as string interpolation prints it.
    var messageText: String { message ?? "null" }

    /// `Throwable.toString()`: the first line of the trace Kafka prints when it aborts.
    var description: String { message.map { "\(className): \($0)" } ?? className }
}
