// Package encoding turns column vectors into compact bytes and back.
//
// Encoders append to a caller's buffer and return it; decoders fill a
// caller's slice (grown only when too small), so steady-state encoding and
// decoding allocate nothing. Every encoded block starts with a one-byte
// scheme tag, so a decoder never guesses and a corrupt or unknown tag is an
// error, not a misread.
package encoding
