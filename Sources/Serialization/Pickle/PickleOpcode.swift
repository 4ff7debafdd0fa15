/// Pickle opcodes, spelled as `Lib/pickletools.py` names them so that `"\(opcode)"` in an error message is the name
/// `pickletools.dis` prints.
enum PickleOpcode: UInt8 {
    // Protocol 0 and 1.
    case MARK = 0x28             // (
    case STOP = 0x2E             // .
    case POP = 0x30              // 0
    case POP_MARK = 0x31         // 1
    case DUP = 0x32              // 2
    case FLOAT = 0x46            // F
    case INT = 0x49              // I
    case BININT = 0x4A           // J
    case BININT1 = 0x4B          // K
    case LONG = 0x4C             // L
    case BININT2 = 0x4D          // M
    case NONE = 0x4E             // N
    case PERSID = 0x50           // P
    case BINPERSID = 0x51        // Q
    case REDUCE = 0x52           // R
    case STRING = 0x53           // S
    case BINSTRING = 0x54        // T
    case SHORT_BINSTRING = 0x55  // U
    case UNICODE = 0x56          // V
    case BINUNICODE = 0x58       // X
    case APPEND = 0x61           // a
    case BUILD = 0x62            // b
    case GLOBAL = 0x63           // c
    case DICT = 0x64             // d
    case EMPTY_DICT = 0x7D       // }
    case APPENDS = 0x65          // e
    case GET = 0x67              // g
    case BINGET = 0x68           // h
    case INST = 0x69             // i
    case LONG_BINGET = 0x6A      // j
    case LIST = 0x6C             // l
    case EMPTY_LIST = 0x5D       // ]
    case OBJ = 0x6F              // o
    case PUT = 0x70              // p
    case BINPUT = 0x71           // q
    case LONG_BINPUT = 0x72      // r
    case SETITEM = 0x73          // s
    case TUPLE = 0x74            // t
    case EMPTY_TUPLE = 0x29      // )
    case SETITEMS = 0x75         // u
    case BINFLOAT = 0x47         // G
    // Protocol 2.
    case PROTO = 0x80
    case NEWOBJ = 0x81
    case EXT1 = 0x82
    case EXT2 = 0x83
    case EXT4 = 0x84
    case TUPLE1 = 0x85
    case TUPLE2 = 0x86
    case TUPLE3 = 0x87
    case NEWTRUE = 0x88
    case NEWFALSE = 0x89
    case LONG1 = 0x8A
    case LONG4 = 0x8B
    // Protocol 3.
    case BINBYTES = 0x42         // B
    case SHORT_BINBYTES = 0x43   // C
    // Protocol 4.
    case SHORT_BINUNICODE = 0x8C
    case BINUNICODE8 = 0x8D
    case BINBYTES8 = 0x8E
    case EMPTY_SET = 0x8F
    case ADDITEMS = 0x90
    case FROZENSET = 0x91
    case NEWOBJ_EX = 0x92
    case STACK_GLOBAL = 0x93
    case MEMOIZE = 0x94
    case FRAME = 0x95
    // Protocol 5.
    case BYTEARRAY8 = 0x96
    case NEXT_BUFFER = 0x97
    case READONLY_BUFFER = 0x98
}
