package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Format describes how fields and lines are delimited.
type Format struct {
	FieldSep string // between fields; default ","
	Enclose  byte   // quote character, 0 for none; a doubled quote inside is one quote
	Escape   byte   // escape character, 0 for none; \N is NULL, \t \n \r \0 \Z \\ as in MySQL
	// LineSep defaults to "\n". With "\n", a "\r" before it is dropped
	// (files from Windows), except in MySQL's own unenclosed escaped text
	// (Escape set, Enclose not): OUTFILE writes a carriage return in a
	// value as it is, and LOAD DATA keeps it.
	LineSep   string
	NullText  string // an unquoted field equal to this is NULL; "" means only \N
	EmptyNull bool   // an unquoted empty field is NULL (CSV exports)
}

// CSV is RFC 4180 as shops export it: comma, double quotes, empty = NULL.
var CSV = Format{FieldSep: ",", Enclose: '"', LineSep: "\n", EmptyNull: true}

// MySQL is LOAD DATA's default: tab-separated, backslash escapes, \N = NULL.
var MySQL = Format{FieldSep: "\t", Escape: '\\', LineSep: "\n"}

// Field is one parsed field. Null is set for NULL markers.
type Field struct {
	Value []byte
	Null  bool
}

// Reader splits input into records. It works a line at a time and finds
// separators with bytes.IndexByte, copying only fields that need quotes or
// escapes removed. Fields returned by Read are valid until the next call.
type Reader struct {
	f      Format
	r      *bufio.Reader
	line   int // line number (1-based) where the current record starts
	next   int // line number of the next record
	buf    []byte
	vals   []byte // unquoted / unescaped field values
	fields []Field
}

// NewReader reads records of format f from r.
func NewReader(r io.Reader, f Format) *Reader {
	if f.FieldSep == "" {
		f.FieldSep = ","
	}
	if f.LineSep == "" {
		f.LineSep = "\n"
	}
	return &Reader{f: f, r: bufio.NewReaderSize(r, 1<<20), next: 1}
}

// Line returns the line number where the last record read started.
func (r *Reader) Line() int { return r.line }

// ErrSyntax reports malformed quoting or escaping.
var ErrSyntax = errors.New("malformed field")

// Read returns the next record, or io.EOF.
func (r *Reader) Read() ([]Field, error) {
	r.line = r.next
	r.buf, r.vals, r.fields = r.buf[:0], r.vals[:0], r.fields[:0]
	more, err := r.appendLine()
	if err != nil {
		return nil, err
	}
	if !more {
		return nil, io.EOF
	}
	for pos := 0; ; {
		var end int
		if r.f.Enclose != 0 && pos < len(r.buf) && r.buf[pos] == r.f.Enclose {
			end, err = r.quoted(pos + 1)
		} else {
			end, err = r.plain(pos)
		}
		if err != nil {
			return nil, err
		}
		if end >= len(r.buf) {
			return r.fields, nil
		}
		pos = end + len(r.f.FieldSep)
	}
}

// appendLine appends the next line (without its separator) to r.buf and
// reports whether there was one.
func (r *Reader) appendLine() (bool, error) {
	sep := r.f.LineSep
	last := sep[len(sep)-1]
	start := len(r.buf)
	for {
		chunk, err := r.r.ReadSlice(last)
		r.buf = append(r.buf, chunk...)
		switch {
		case err == nil:
			if !bytes.HasSuffix(r.buf[start:], []byte(sep)) {
				continue
			}
			r.buf = r.buf[:len(r.buf)-len(sep)]
			if sep == "\n" && r.dropCR() && len(r.buf) > start && r.buf[len(r.buf)-1] == '\r' {
				r.buf = r.buf[:len(r.buf)-1]
			}
			r.next++
			return true, nil
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			return len(r.buf) > start, nil
		default:
			return false, err
		}
	}
}

// dropCR: a "\r" before a "\n" line separator is part of the separator
// (see Format.LineSep).
func (r *Reader) dropCR() bool { return r.f.Escape == 0 || r.f.Enclose != 0 }

// plain reads an unquoted field starting at pos and returns where it ends.
// A field without the escape character is its bytes as they are (no copy).
func (r *Reader) plain(pos int) (int, error) {
	end := r.index(pos)
	v := r.buf[pos:end]
	esc := r.f.Escape
	if esc != 0 && bytes.IndexByte(v, esc) >= 0 {
		if len(v) == 2 && v[1] == 'N' {
			r.fields = append(r.fields, Field{Null: true})
			return end, nil
		}
		return r.escaped(pos)
	}
	null := (r.f.EmptyNull && len(v) == 0) || (r.f.NullText != "" && string(v) == r.f.NullText)
	if null {
		v = nil
	}
	r.fields = append(r.fields, Field{Value: v, Null: null})
	return end, nil
}

// escaped reads an unquoted field with escapes, starting at pos, and
// returns where it ends. An escaped byte is data even when it is a field
// or line separator: MySQL's OUTFILE writes a tab or newline inside a
// value as the escape character followed by the byte itself, so a line
// ending in an unpaired escape continues on the next one.
func (r *Reader) escaped(pos int) (int, error) {
	esc := r.f.Escape
	start := len(r.vals)
	i := pos
	for i < len(r.buf) && !r.atFieldSep(i) {
		c := r.buf[i]
		if c == esc {
			if i+1 == len(r.buf) {
				if err := r.joinLine("escape at end of input"); err != nil {
					return 0, err
				}
			}
			i++
			c = unescape(r.buf[i])
		}
		r.vals = append(r.vals, c)
		i++
	}
	r.fields = append(r.fields, Field{Value: r.vals[start:len(r.vals):len(r.vals)]})
	return i, nil
}

// atFieldSep reports whether the field separator starts at r.buf[i].
func (r *Reader) atFieldSep(i int) bool {
	sep := r.f.FieldSep
	return r.buf[i] == sep[0] && (len(sep) == 1 || strings.HasPrefix(string(r.buf[i:]), sep))
}

// joinLine appends the line separator and the next line to r.buf: the
// record goes on past the end of its line (inside quotes, or after an
// escape). At the end of the input it fails with a syntax error saying
// what was left open.
func (r *Reader) joinLine(open string) error {
	at := len(r.buf)
	r.buf = append(r.buf, r.f.LineSep...)
	more, err := r.appendLine()
	if err != nil {
		return err
	}
	if !more {
		r.buf = r.buf[:at]
		return fmt.Errorf("%w: %s", ErrSyntax, open)
	}
	return nil
}

// index returns the position of the next field separator at or after pos,
// or len(r.buf).
func (r *Reader) index(pos int) int {
	sep := r.f.FieldSep
	var i int
	if len(sep) == 1 {
		i = bytes.IndexByte(r.buf[pos:], sep[0])
	} else {
		i = bytes.Index(r.buf[pos:], []byte(sep))
	}
	if i < 0 {
		return len(r.buf)
	}
	return pos + i
}

// quoted reads an enclosed field whose content starts at pos, pulling in
// further lines while the closing quote is missing, and returns where the
// field ends (at its separator or the end of the line).
func (r *Reader) quoted(pos int) (int, error) {
	q, esc := r.f.Enclose, r.f.Escape
	start := len(r.vals)
	for i := pos; ; i++ {
		if i >= len(r.buf) {
			if err := r.joinLine("unterminated quoted field"); err != nil {
				return 0, err
			}
		}
		c := r.buf[i]
		switch {
		case esc != 0 && c == esc:
			if i+1 == len(r.buf) {
				if err := r.joinLine("unterminated quoted field"); err != nil {
					return 0, err
				}
			}
			i++
			r.vals = append(r.vals, unescape(r.buf[i]))
		case c == q && i+1 < len(r.buf) && r.buf[i+1] == q:
			i++
			r.vals = append(r.vals, q)
		case c == q:
			r.fields = append(r.fields, Field{Value: r.vals[start:len(r.vals):len(r.vals)]})
			end := i + 1
			if end < len(r.buf) && !bytes.HasPrefix(r.buf[end:], []byte(r.f.FieldSep)) {
				return 0, fmt.Errorf("%w: text after closing quote", ErrSyntax)
			}
			return end, nil
		default:
			r.vals = append(r.vals, c)
		}
	}
}

func unescape(c byte) byte {
	switch c {
	case '0':
		return 0
	case 'b':
		return '\b'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'Z':
		return 26
	}
	return c
}
