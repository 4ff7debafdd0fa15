/// The `Decoder` of one node of a `ConfigurationNode` tree (see `StrictDecoder`).
struct NodeDecoder: Decoder {
    let node: ConfigurationNode
    let path: ConfigurationPath
    let codingPath: [any CodingKey]
    /// Where problems with this node itself are reported (a missing key, a wrong type): see
    /// `ConfigurationNode.Entry.anchor`; the node's own location at the root and in lists.
    let anchor: ConfigurationLocation
    let session: DecodingSession
    let usage = KeyUsage()

    var userInfo: [CodingUserInfoKey: Any] { session.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let entries = node.entries else { throw ScalarDecoding.mismatch(node, path, "a mapping", at: anchor) }
        usage.declare(Key.self)
        return KeyedDecodingContainer(KeyedNodeContainer<Key>(decoder: self, entries: entries))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items) = node.content else {
            throw ScalarDecoding.mismatch(node, path, "a list", at: anchor)
        }
        return UnkeyedNodeContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleNodeContainer(decoder: self)
    }

    /// A decoder for a child node that is not decoded through `session.decode` (nested containers, super
    /// decoders); its keys are checked together with this decoder's.
    func child(_ node: ConfigurationNode, component: ConfigurationPath.Component, key: any CodingKey,
               anchor: ConfigurationLocation) -> NodeDecoder {
        let child = NodeDecoder(node: node, path: path.appending(component), codingPath: codingPath + [key],
                                anchor: anchor, session: session)
        usage.children.append(child)
        return child
    }

    /// Records an unknown or unused key for every key of this mapping the type did not ask for.
    func checkKeys() {
        if usage.keyed, !usage.allKeysRead, let entries = node.entries {
            for entry in entries where !usage.isAsked(entry.key) {
                let keyPath = path.appending(key: entry.key).description
                if usage.isDeclared(entry.key) {
                    session.problems.append(.unusedKey(entry.keyLocation, path: keyPath, key: entry.key,
                                                       used: usage.asked))
                } else {
                    let known = usage.known
                    session.problems.append(.unknownKey(
                        entry.keyLocation, path: keyPath, key: entry.key,
                        suggestion: NearestName.suggestion(for: entry.key, among: known), known: known))
                }
            }
        }
        for child in usage.children { child.checkKeys() }
    }

    /// The error for a missing required `key`: an unknown key of this mapping that is a near miss of it if there
    /// is one (one problem, one error), else "missing required key".
    func missing(_ key: String) -> ConfigurationError {
        for entry in node.entries ?? [] where !usage.isDeclared(entry.key) && !usage.isAsked(entry.key) {
            if NearestName.suggestion(for: entry.key, among: [key]) != nil {
                let known = usage.known
                usage.ask(entry.key)  // reported here, not again by checkKeys
                return .unknownKey(entry.keyLocation, path: path.appending(key: entry.key).description,
                                   key: entry.key, suggestion: key, known: known)
            }
        }
        return .missingKey(anchor, path: path.description, key: key)
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let entries: [ConfigurationNode.Entry]

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        decoder.usage.allKeysRead = true
        return entries.compactMap { Key(stringValue: $0.key) }
    }

    private func entry(_ key: Key) -> ConfigurationNode.Entry? {
        decoder.usage.ask(key.stringValue)
        return entries.first { $0.key == key.stringValue }
    }

    private func require(_ key: Key) throws -> ConfigurationNode.Entry {
        guard let entry = entry(key) else { throw decoder.missing(key.stringValue) }
        return entry
    }

    func contains(_ key: Key) -> Bool { entry(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try require(key).value.isNull }

    private func decodeValue<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let entry = try require(key)
        return try decoder.session.decode(T.self, node: entry.value, path: decoder.path.appending(key: key.stringValue),
                                          codingPath: codingPath + [key], anchor: entry.anchor)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decodeValue(type, forKey: key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeValue(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeValue(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeValue(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeValue(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeValue(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeValue(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeValue(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeValue(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeValue(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeValue(type, forKey: key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                               forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        guard let key = Key(stringValue: "super") else {
            throw ConfigurationError.invalidValue(decoder.node.location, path: decoder.path.description,
                                                  problem: "no 'super' key in \(Key.self)", expected: nil, hint: nil)
        }
        return try child(key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }

    private func child(_ key: Key) throws -> NodeDecoder {
        let entry = try require(key)
        return decoder.child(entry.value, component: .key(key.stringValue), key: key, anchor: entry.anchor)
    }
}

struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let decoder: NodeDecoder
    let items: [ConfigurationNode]
    private(set) var currentIndex = 0

    init(decoder: NodeDecoder, items: [ConfigurationNode]) {
        self.decoder = decoder
        self.items = items
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private func current() throws -> ConfigurationNode {
        guard !isAtEnd else {
            throw ConfigurationError.invalidValue(decoder.node.location, path: decoder.path.description,
                                                  problem: "the list has only \(items.count) items",
                                                  expected: "more items", hint: nil)
        }
        return items[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard try current().isNull else { return false }
        currentIndex += 1
        return true
    }

    private mutating func decodeNext<T: Decodable>(_ type: T.Type) throws -> T {
        let node = try current()
        let value = try decoder.session.decode(T.self, node: node, path: decoder.path.appending(.index(currentIndex)),
                                               codingPath: codingPath + [IndexCodingKey(currentIndex)],
                                               anchor: node.location)
        currentIndex += 1
        return value
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeNext(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeNext(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeNext(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeNext(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeNext(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeNext(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeNext(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeNext(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeNext(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeNext(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeNext(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeNext(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeNext(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeNext(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeNext(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type)
        throws -> KeyedDecodingContainer<NestedKey> {
        try nextChild().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextChild().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try nextChild() }

    private mutating func nextChild() throws -> NodeDecoder {
        let node = try current()
        let child = decoder.child(node, component: .index(currentIndex), key: IndexCodingKey(currentIndex),
                                  anchor: node.location)
        currentIndex += 1
        return child
    }
}

struct SingleNodeContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.node.isNull }

    private func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.session.decode(T.self, node: decoder.node, path: decoder.path, codingPath: codingPath,
                                   anchor: decoder.anchor)
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try decodeValue(type) }
    func decode(_ type: String.Type) throws -> String { try decodeValue(type) }
    func decode(_ type: Double.Type) throws -> Double { try decodeValue(type) }
    func decode(_ type: Float.Type) throws -> Float { try decodeValue(type) }
    func decode(_ type: Int.Type) throws -> Int { try decodeValue(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeValue(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeValue(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeValue(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeValue(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeValue(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeValue(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeValue(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeValue(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeValue(type) }
}
