public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP client for what an HTTP client library will not do: announce a body and stall.
public final class RawConnection: @unchecked Sendable {
    public let fd: Int32
    private var buffer = [UInt8]()

    public init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard r == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `deadline`; returns false on timeout, true when data or end of stream arrived.
    private func fill(within seconds: TimeInterval) -> (gotData: Bool, closed: Bool) {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(seconds * 1000)) > 0 else { return (false, false) }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &chunk, chunk.count, 0)
        if n <= 0 { return (false, true) }
        buffer += chunk[0..<n]
        return (true, false)
    }

    /// The status line, read the moment it arrives (blocking the calling thread): for benchmarks timing an answer.
    public func statusLineBlocking(within seconds: TimeInterval) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let end = buffer.firstIndex(of: 0x0D) { return String(decoding: buffer[..<end], as: UTF8.self) }
            if fill(within: max(0.01, deadline.timeIntervalSinceNow)).closed { break }
        }
        return buffer.firstIndex(of: 0x0D).map { String(decoding: buffer[..<$0], as: UTF8.self) }
    }

    /// The response's status line, if one arrives within `seconds`. It waits without holding a thread (the
    /// server under test may need the same threads to answer).
    public func statusLine(within seconds: TimeInterval) async -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let end = buffer.firstIndex(of: 0x0D) { return String(decoding: buffer[..<end], as: UTF8.self) }
            let (got, closed) = fill(within: 0)
            if closed { break }
            if !got { try? await Task.sleep(nanoseconds: 5_000_000) }
        }
        if let end = buffer.firstIndex(of: 0x0D) { return String(decoding: buffer[..<end], as: UTF8.self) }
        return nil
    }

    /// True when the server closes the connection within `seconds` (waiting as ``statusLine(within:)`` does).
    public func isClosed(within seconds: TimeInterval) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let (got, closed) = fill(within: 0)
            if closed { return true }
            if !got { try? await Task.sleep(nanoseconds: 5_000_000) }
        }
        return false
    }
}
