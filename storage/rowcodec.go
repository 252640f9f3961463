package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Write-buffer chunks hold rows in row form, because they are appended a
// few at a time and read back only on open:
//
//	uvarint ncols, ncols × uvarint column id, uvarint nrows,
//	nrows × ncols values: tag byte, then payload by tag.
const (
	tagNull  = 0
	tagInt   = 1 // zigzag varint
	tagUint  = 2 // uvarint
	tagFloat = 3 // 8 bytes little endian
	tagBytes = 4 // uvarint length + bytes
)

func appendRows(dst []byte, colIDs []uint32, rows []Row) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(colIDs)))
	for _, id := range colIDs {
		dst = binary.AppendUvarint(dst, uint64(id))
	}
	dst = binary.AppendUvarint(dst, uint64(len(rows)))
	for _, r := range rows {
		for _, v := range r {
			dst = appendValue(dst, v)
		}
	}
	return dst
}

func appendValue(dst []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, tagNull)
	case int64:
		return binary.AppendVarint(append(dst, tagInt), x)
	case uint64:
		return binary.AppendUvarint(append(dst, tagUint), x)
	case float64:
		return binary.LittleEndian.AppendUint64(append(dst, tagFloat), math.Float64bits(x))
	case string:
		dst = binary.AppendUvarint(append(dst, tagBytes), uint64(len(x)))
		return append(dst, x...)
	}
	panic(fmt.Sprintf("storage: unsupported row value %T", v))
}

var errCorruptRows = errors.New("corrupt row chunk")

// decodeRows parses a chunk made by appendRows.
func decodeRows(src []byte) (colIDs []uint32, rows []Row, err error) {
	r := byteReader{b: src}
	ncols := r.uvarint()
	if ncols > 1<<16 {
		return nil, nil, errCorruptRows
	}
	colIDs = make([]uint32, ncols)
	for i := range colIDs {
		colIDs[i] = uint32(r.uvarint())
	}
	nrows := r.uvarint()
	if r.err != nil || nrows > uint64(len(src)) {
		return nil, nil, errCorruptRows
	}
	rows = make([]Row, nrows)
	for i := range rows {
		row := make(Row, ncols)
		for j := range row {
			row[j] = r.value()
		}
		rows[i] = row
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, nil, errCorruptRows
	}
	return colIDs, rows, nil
}

type byteReader struct {
	b   []byte
	err error
}

func (r *byteReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errCorruptRows
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *byteReader) value() any {
	if len(r.b) == 0 {
		r.err = errCorruptRows
		return nil
	}
	tag := r.b[0]
	r.b = r.b[1:]
	switch tag {
	case tagNull:
		return nil
	case tagInt:
		v, n := binary.Varint(r.b)
		if n <= 0 {
			r.err = errCorruptRows
			return nil
		}
		r.b = r.b[n:]
		return v
	case tagUint:
		return r.uvarint()
	case tagFloat:
		if len(r.b) < 8 {
			r.err = errCorruptRows
			return nil
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
		r.b = r.b[8:]
		return v
	case tagBytes:
		n := r.uvarint()
		if n > uint64(len(r.b)) {
			r.err = errCorruptRows
			return nil
		}
		s := string(r.b[:n])
		r.b = r.b[n:]
		return s
	}
	r.err = errCorruptRows
	return nil
}

// appendKey appends an order-preserving encoding of a primary key: byte
// order of encodings equals value order, column by column, so keys could be
// range-scanned later.
func appendKey(dst []byte, key Row) ([]byte, error) {
	for _, v := range key {
		switch x := v.(type) {
		case nil:
			return nil, errors.New("primary key value is NULL")
		case int64:
			dst = binary.BigEndian.AppendUint64(append(dst, 1), uint64(x)^(1<<63))
		case uint64:
			dst = binary.BigEndian.AppendUint64(append(dst, 2), x)
		case float64:
			b := math.Float64bits(x)
			if b>>63 != 0 {
				b = ^b
			} else {
				b |= 1 << 63
			}
			dst = binary.BigEndian.AppendUint64(append(dst, 3), b)
		case string:
			dst = append(dst, 4)
			for i := 0; i < len(x); i++ {
				if x[i] == 0 {
					dst = append(dst, 0, 0xff)
				} else {
					dst = append(dst, x[i])
				}
			}
			dst = append(dst, 0, 1)
		default:
			return nil, fmt.Errorf("unsupported key value %T", v)
		}
	}
	return dst, nil
}
