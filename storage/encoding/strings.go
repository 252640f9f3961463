package encoding

import (
	"fmt"
)

// maxDictExpansion bounds the decoded size of a dictionary block, whose
// output can be far larger than its input. Encoders fall back to the plain
// scheme above it, so a valid block never exceeds it.
const maxDictExpansion = 256 << 20

// smallDict is the largest dictionary whose bounds the decoder tabulates.
const smallDict = 256

// AppendStrings appends an encoded block of the strings
// data[offsets[i]:offsets[i+1]], i < len(offsets)-1, to dst. offsets must
// be non-decreasing and within data; nil or a single offset means no values.
// It dictionary-encodes (the distinct values in first-seen order plus
// bit-packed codes) when that is smaller, as for low-cardinality columns,
// and otherwise writes bit-packed lengths followed by the bytes.
func AppendStrings(dst []byte, data []byte, offsets []uint32) []byte {
	n := max(len(offsets)-1, 0)
	if n == 0 {
		dst = appendHeader(dst, schemeStringsPlain, 0)
		return append(dst, 0)
	}
	var maxLen uint32
	for i := range n {
		maxLen = max(maxLen, offsets[i+1]-offsets[i])
	}
	lenW := bitWidth(uint64(maxLen))
	total := int(offsets[n] - offsets[0])
	plainSize := 1 + packedLen(n, lenW) + total
	if total <= maxDictExpansion {
		if out, ok := appendStringsDict(dst, data, offsets, plainSize); ok {
			return out
		}
	}
	dst = appendHeader(dst, schemeStringsPlain, n)
	dst = append(dst, byte(lenW))
	bw := newBitWriter(dst, n, lenW)
	for i := range n {
		bw.add(uint64(offsets[i+1] - offsets[i]))
	}
	dst = bw.finish()
	return append(dst, data[offsets[0]:offsets[n]]...)
}

// DecodeStrings decodes a block made by AppendStrings, appending the values
// to data[:0] and their offsets to offsets[:0] (reusing capacity), and
// returns them: offsets has n+1 entries and offsets[0] == 0.
func DecodeStrings(data []byte, offsets []uint32, src []byte) ([]byte, []uint32, error) {
	s, n, rest, err := readHeader(src)
	if err == nil {
		switch s {
		case schemeStringsPlain:
			data, offsets, err = decodeStringsPlain(data, offsets, n, rest)
		case schemeStringsDict:
			data, offsets, err = decodeStringsDict(data, offsets, n, rest)
		default:
			err = fmt.Errorf("%s is not a strings scheme", s)
		}
	}
	if err != nil {
		return data[:0], offsets[:0], fmt.Errorf("decode strings: %w", err)
	}
	return data, offsets, nil
}

func decodeStringsPlain(data []byte, offsets []uint32, n int, src []byte) ([]byte, []uint32, error) {
	s := schemeStringsPlain
	w, rest, err := readWidth(src, 32)
	if err != nil {
		return data, offsets, fmt.Errorf("%s: %w", s, err)
	}
	pl := packedLen(n, w)
	if len(rest) < pl {
		return data, offsets, fmt.Errorf("%s: %w: lengths need %d bytes, have %d", s, errTruncated, pl, len(rest))
	}
	offsets = grow(offsets, n+1)
	offsets[0] = 0
	unpack(offsets[1:], rest[:pl], w, 0)
	body := rest[pl:]
	var end uint64
	for i, l := range offsets[1:] {
		end += uint64(l)
		if end > uint64(len(body)) {
			return data, offsets[:0], fmt.Errorf("%s: %w: value %d ends at byte %d of %d", s, errTruncated, i, end, len(body))
		}
		offsets[i+1] = uint32(end)
	}
	if err := checkEnd(s, body, int(end)); err != nil {
		return data, offsets[:0], err
	}
	return append(data[:0], body...), offsets, nil
}

// dictBlock is a parsed dictionary block: ends holds k packed dictionary
// value ends (width endW) into dict, codes holds n packed codes (width
// codeW).
type dictBlock struct {
	k, n        int
	ends, codes []byte
	endW, codeW uint
	dict        []byte
}

func (d *dictBlock) end(j int) uint64 { return readPacked(d.ends, j, d.endW) }

// entry returns dictionary value c's bounds.
func (d *dictBlock) entry(c uint64) (uint64, uint64) {
	start := uint64(0)
	if c > 0 {
		start = d.end(int(c - 1))
	}
	return start, d.end(int(c))
}

func parseDict(n int, src []byte) (dictBlock, error) {
	d := dictBlock{n: n}
	k, rest, err := readUvarint(src, "dictionary size")
	if err != nil {
		return d, err
	}
	if k > uint64(n) || (k == 0) != (n == 0) {
		return d, fmt.Errorf("dictionary of %d values for %d rows", k, n)
	}
	d.k = int(k)
	if d.endW, rest, err = readWidth(rest, 32); err != nil {
		return d, err
	}
	if pl := packedLen(d.k, d.endW); len(rest) < pl {
		return d, fmt.Errorf("%w: dictionary ends", errTruncated)
	} else {
		d.ends, rest = rest[:pl], rest[pl:]
	}
	prev := uint64(0)
	for j := range d.k {
		e := d.end(j)
		if e < prev {
			return d, fmt.Errorf("dictionary value %d ends at %d before its start %d", j, e, prev)
		}
		prev = e
	}
	if uint64(len(rest)) < prev {
		return d, fmt.Errorf("%w: dictionary needs %d bytes, have %d", errTruncated, prev, len(rest))
	}
	d.dict, rest = rest[:prev], rest[prev:]
	if d.codeW, rest, err = readWidth(rest, 32); err != nil {
		return d, err
	}
	if err := checkEnd(schemeStringsDict, rest, packedLen(n, d.codeW)); err != nil {
		return d, err
	}
	d.codes = rest
	return d, nil
}

func decodeStringsDict(data []byte, offsets []uint32, n int, src []byte) ([]byte, []uint32, error) {
	s := schemeStringsDict
	d, err := parseDict(n, src)
	if err != nil {
		return data, offsets, fmt.Errorf("%s: %w", s, err)
	}
	// Codes go into offsets[1:] first; each is replaced by its row's end
	// offset once read.
	offsets = grow(offsets, n+1)
	offsets[0] = 0
	unpack(offsets[1:], d.codes, d.codeW, 0)
	// Small dictionaries (the common case) get their bounds from a table
	// on the stack rather than from the packed ends.
	var table [smallDict + 1]uint32
	if d.k <= smallDict {
		for j := range d.k {
			table[j+1] = uint32(d.end(j))
		}
	}
	// Size the output once: appending row by row regrew it many times.
	total := uint64(0)
	for i, c := range offsets[1:] {
		if int(c) >= d.k {
			return data[:0], offsets[:0], fmt.Errorf("%s: row %d has code %d, dictionary has %d values", s, i, c, d.k)
		}
		if d.k <= smallDict {
			total += uint64(table[c+1] - table[c])
		} else {
			start, end := d.entry(uint64(c))
			total += end - start
		}
		if total > maxDictExpansion {
			return data[:0], offsets[:0], fmt.Errorf("%s: decoded size exceeds %d bytes", s, maxDictExpansion)
		}
	}
	data = grow(data, int(total))[:0]
	for i, c := range offsets[1:] {
		var start, end uint64
		if d.k <= smallDict {
			start, end = uint64(table[c]), uint64(table[c+1])
		} else {
			start, end = d.entry(uint64(c))
		}
		data = append(data, d.dict[start:end]...)
		offsets[i+1] = uint32(len(data))
	}
	return data, offsets, nil
}

// DecodeStringsCoded is DecodeStrings that keeps a dictionary block in
// dictionary form: data and offsets receive the k dictionary values
// (offsets has k+1 entries) and codes the dictionary number of each of the
// n rows. Scanning a low-cardinality column this way costs four bytes a
// row instead of the expanded strings, and lets a caller decide a
// predicate once per dictionary value. A plain block is decoded in full
// and codes comes back nil.
func DecodeStringsCoded(data []byte, offsets, codes []uint32, src []byte) ([]byte, []uint32, []uint32, error) {
	s, n, rest, err := readHeader(src)
	if err != nil {
		return data[:0], offsets[:0], nil, fmt.Errorf("decode strings: %w", err)
	}
	if s != schemeStringsDict {
		data, offsets, err = DecodeStrings(data, offsets, src)
		return data, offsets, nil, err
	}
	d, err := parseDict(n, rest)
	if err != nil {
		return data[:0], offsets[:0], nil, fmt.Errorf("decode strings: %s: %w", s, err)
	}
	offsets = grow(offsets, d.k+1)
	offsets[0] = 0
	for j := range d.k {
		offsets[j+1] = uint32(d.end(j))
	}
	data = append(data[:0], d.dict...)
	codes = grow(codes, n)
	unpack(codes, d.codes, d.codeW, 0)
	for i, c := range codes {
		if int(c) >= d.k {
			return data[:0], offsets[:0], nil, fmt.Errorf("decode strings: %s: row %d has code %d, dictionary has %d values", s, i, c, d.k)
		}
	}
	return data, offsets, codes, nil
}
