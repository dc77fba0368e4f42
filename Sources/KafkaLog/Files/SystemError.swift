#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `strerror` text for an errno value.
public func systemErrorMessage(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return String(cString: text)
}

/// Current errno (a function so callers need not import Glibc).
@inline(__always) func currentErrno() -> Int32 { errno }
