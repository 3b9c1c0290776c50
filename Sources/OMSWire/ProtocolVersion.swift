/// Protocol versions and the limits both sides rely on.
public enum ProtocolVersion {
    /// The versions this implementation speaks.
    public static let supported: ClosedRange<UInt32> = 1...1
    /// Every server accepts payloads at least this large; a client may send
    /// frames up to this size before it has read the server's HELLO.
    public static let minimumMaxFrameSize = 1 << 20
}
