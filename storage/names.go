package storage

import "strings"

// Names of databases, tables and columns compare case-insensitively, as in
// MySQL on case-insensitive file systems; the store keeps the spelling
// given at creation and keys everything by the lower-cased form.
func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

func nameKey(s string) string { return strings.ToLower(s) }
