package exec

import "errors"

// A DECIMAL kernel computes on scaled int64s: 18 digits, where MySQL's
// DECIMAL holds 65. A value past them (SUM(d * i * 100) of large values)
// is not an answer MySQL gives, so the kernels report it as an
// exactRangeError, and the statement's subtree is run again row by row
// by GMS, which computes on arbitrary-precision decimals.
type exactRangeError struct{ error }

func (e exactRangeError) Unwrap() error { return e.error }

// exactRange marks err as a DECIMAL value past the kernels' 18 digits.
func exactRange(err error) error { return exactRangeError{err} }

// IsExactRange reports whether err is a DECIMAL value past the kernels'
// digits: the subtree is answered row by row instead.
func IsExactRange(err error) bool {
	var e exactRangeError
	return errors.As(err, &e)
}
