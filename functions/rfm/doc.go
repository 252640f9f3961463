// Package rfm computes eRFM scores, lifecycle stages, the customer snapshot
// and the profiler's recommended parameters (see docs/analytics.md).
package rfm
