"""The few pieces of the WebAssembly binary format that the build's scripts edit (slim-bindgen.py,
group-chunks.py): a module's sections, its import section, names and LEB128 numbers. Everything
else of a module passes through as bytes."""

IMPORT, EXPORT, START = 2, 7, 8
HEADER = b'\0asm\1\0\0\0'


def read_leb(b, i):
    """An unsigned LEB128 number at `i`: (value, where it ends)."""
    value = shift = 0
    while True:
        byte = b[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_name(b, i):
    n, i = read_leb(b, i)
    return b[i:i + n].decode(), i + n


def name(s):
    e = s.encode()
    return leb(len(e)) + e


def sections(b):
    """A module's sections, in order: [(id, body)]."""
    if b[:8] != HEADER:
        raise ValueError('not a WebAssembly module (version 1)')
    out, i = [], 8
    while i < len(b):
        section = b[i]
        size, i = read_leb(b, i + 1)
        out.append((section, b[i:i + size]))
        i += size
    return out


def module(parts):
    """The module of these sections."""
    return HEADER + b''.join(bytes([section]) + leb(len(body)) + body for section, body in parts)


def _skip_limits(b, i):
    flags = b[i]
    _, i = read_leb(b, i + 1)
    return read_leb(b, i)[1] if flags & 1 else i


def imports(body):
    """An import section's entries: [(module, field, kind, the bytes of the kind and its description)]."""
    count, i = read_leb(body, 0)
    out = []
    for _ in range(count):
        mod, i = read_name(body, i)
        field, i = read_name(body, i)
        start, kind = i, body[i]
        i += 1
        if kind == 0:  # function: type index
            _, i = read_leb(body, i)
        elif kind == 1:  # table: reftype, limits
            i = _skip_limits(body, i + 1)
        elif kind == 2:  # memory: limits
            i = _skip_limits(body, i)
        elif kind == 3:  # global: valtype, mutability
            i += 2
        else:
            raise ValueError(f'import kind {kind} of {mod}.{field} is not known here')
        out.append((mod, field, kind, body[start:i]))
    return out


def import_section(entries):
    """The body of an import section of these entries, as `imports` reads them."""
    return leb(len(entries)) + b''.join(name(mod) + name(field) + desc for mod, field, _, desc in entries)
