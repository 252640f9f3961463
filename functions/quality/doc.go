// Package quality checks the canonical tables for the problems that make
// analytics wrong without failing: missing values in the columns the
// analytics rely on, and orders or events that reference customers or
// products the shop never sent. Its one SQL surface is data_quality().
package quality
