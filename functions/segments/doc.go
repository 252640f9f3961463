// Package segments keeps saved customer segments as roaring bitmaps,
// control groups, and measures campaign uplift against them.
package segments
