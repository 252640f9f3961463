//go:build unix

package main

import "syscall"

// restrictFileModes makes every file and directory the process creates
// private to its user (a data directory 0700, its files 0600, Pebble's
// included): the data is customers' personal data.
func restrictFileModes() { syscall.Umask(0o077) }
