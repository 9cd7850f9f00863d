"""The Python side of PythonOracleTest: computes, in one process per batch, what CPython answers for values the
test sends, one a line, and prints the answers one a line in the same order.

    repr_oracle.py floats <file>   the file holds one double a line, its bits as 16 hex digits; prints its repr()
    repr_oracle.py code-points     prints the version of the Unicode database, then repr(chr(c)) for every code
                                   point c from 0 to 0x10FFFF
    repr_oracle.py utf8 <file>     the file holds one byte string a line, in hex; prints -1 if it decodes as UTF-8,
                                   else the index where decoding fails (UnicodeDecodeError.start)
"""

import struct
import sys
import unicodedata


def floats(path):
    with open(path) as lines:
        for line in lines:
            (value,) = struct.unpack("<d", int(line, 16).to_bytes(8, "little"))
            yield repr(value)


def code_points():
    yield unicodedata.unidata_version
    for code_point in range(0x110000):
        yield repr(chr(code_point))


def utf8(path):
    with open(path) as lines:
        for line in lines:
            try:
                bytes.fromhex(line).decode("utf-8")
                yield "-1"
            except UnicodeDecodeError as e:
                yield str(e.start)


def main():
    command = sys.argv[1]
    if command == "floats":
        answers = floats(sys.argv[2])
    elif command == "code-points":
        answers = code_points()
    elif command == "utf8":
        answers = utf8(sys.argv[2])
    else:
        sys.exit(f"unknown command {command}")
    out = sys.stdout
    for answer in answers:
        out.write(answer)
        out.write("\n")


if __name__ == "__main__":
    main()
