package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Format describes how fields and lines are delimited.
type Format struct {
	FieldSep  string // between fields; default ","
	Enclose   byte   // quote character, 0 for none; a doubled quote inside is one quote
	Escape    byte   // escape character, 0 for none; \N is NULL, \t \n \r \0 \Z \\ as in MySQL
	LineSep   string // default "\n"; a "\r" before it is dropped
	NullText  string // a field equal to this (unquoted) is NULL; "" means only \N
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

// Reader splits input into records. Fields returned by Read are valid
// until the next call.
type Reader struct {
	f      Format
	r      *bufio.Reader
	line   int // line number (1-based) where the current record starts
	next   int // line number of the next record
	buf    []byte
	fields []Field
	ends   []int
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

// ErrSyntax reports malformed quoting.
var ErrSyntax = errors.New("malformed field")

// Read returns the next record, or io.EOF.
func (r *Reader) Read() ([]Field, error) {
	r.line = r.next
	r.buf, r.fields, r.ends = r.buf[:0], r.fields[:0], r.ends[:0]
	nulls := r.fields
	if _, err := r.r.Peek(1); err == io.EOF {
		return nil, io.EOF
	}
	for {
		null, last, err := r.field()
		r.ends = append(r.ends, len(r.buf))
		nulls = append(nulls, Field{Null: null})
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", r.line, err)
		}
		if last {
			break
		}
	}
	start := 0
	for i, end := range r.ends {
		nulls[i].Value = r.buf[start:end]
		start = end
	}
	r.fields = nulls
	return r.fields, nil
}

// field reads one field into r.buf. last is true when the record ended.
func (r *Reader) field() (null, last bool, err error) {
	start := len(r.buf)
	c, err := r.r.ReadByte()
	if err == io.EOF {
		return r.isNull(start, false), true, nil
	}
	if err != nil {
		return false, true, err
	}
	if r.f.Enclose != 0 && c == r.f.Enclose {
		last, err = r.quoted()
		return false, last, err
	}
	r.r.UnreadByte()
	escaped := false
	for {
		c, err := r.r.ReadByte()
		if err == io.EOF {
			return r.isNull(start, escaped), true, nil
		}
		if err != nil {
			return false, true, err
		}
		if r.f.Escape != 0 && c == r.f.Escape {
			n, err := r.r.ReadByte()
			if err != nil {
				return false, true, fmt.Errorf("%w: escape at end of input", ErrSyntax)
			}
			if n == 'N' && len(r.buf) == start {
				escaped = true
			}
			r.buf = append(r.buf, unescape(n))
			continue
		}
		if sep, isLine := r.atSeparator(c); sep {
			return r.isNull(start, escaped), isLine, nil
		}
		r.buf = append(r.buf, c)
	}
}

// isNull decides whether the field in r.buf[start:] is NULL; NULL fields
// are emptied.
func (r *Reader) isNull(start int, escapedN bool) bool {
	v := r.buf[start:]
	null := (escapedN && len(v) == 1) ||
		(r.f.NullText != "" && string(v) == r.f.NullText) ||
		(r.f.EmptyNull && len(v) == 0)
	if null {
		r.buf = r.buf[:start]
	}
	if len(v) > 0 && v[len(v)-1] == '\r' && !null {
		// tolerate CRLF files whatever LineSep says
		r.buf = r.buf[:len(r.buf)-1]
		return r.isNull(start, escapedN)
	}
	return null
}

// quoted reads an enclosed field up to its closing quote and separator.
func (r *Reader) quoted() (last bool, err error) {
	q := r.f.Enclose
	for {
		c, err := r.r.ReadByte()
		if err == io.EOF {
			return true, fmt.Errorf("%w: unterminated quoted field", ErrSyntax)
		}
		if err != nil {
			return true, err
		}
		switch {
		case c == '\n':
			r.next++
			r.buf = append(r.buf, c)
		case r.f.Escape != 0 && c == r.f.Escape:
			n, err := r.r.ReadByte()
			if err != nil {
				return true, fmt.Errorf("%w: escape at end of input", ErrSyntax)
			}
			r.buf = append(r.buf, unescape(n))
		case c == q:
			n, err := r.r.ReadByte()
			if err == io.EOF {
				return true, nil
			}
			if n == q {
				r.buf = append(r.buf, q)
				continue
			}
			if n == '\r' { // CRLF after a closing quote
				if p, _ := r.r.Peek(1); len(p) == 1 && p[0] == '\n' {
					n, _ = r.r.ReadByte()
				}
			}
			if sep, isLine := r.atSeparator(n); sep {
				return isLine, nil
			}
			return true, fmt.Errorf("%w: text after closing quote", ErrSyntax)
		default:
			r.buf = append(r.buf, c)
		}
	}
}

// atSeparator reports whether c starts a field or line separator,
// consuming the rest of it.
func (r *Reader) atSeparator(c byte) (sep, isLine bool) {
	if r.matches(c, r.f.LineSep) {
		r.next++
		return true, true
	}
	if r.matches(c, r.f.FieldSep) {
		return true, false
	}
	return false, false
}

func (r *Reader) matches(c byte, sep string) bool {
	if c != sep[0] {
		return false
	}
	if len(sep) == 1 {
		return true
	}
	p, _ := r.r.Peek(len(sep) - 1)
	if !bytes.Equal(p, []byte(sep[1:])) {
		return false
	}
	r.r.Discard(len(sep) - 1)
	return true
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
