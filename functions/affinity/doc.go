// Package affinity computes product affinity: top products, association
// rules, predictive affinity, recommendations and replenishment timing.
package affinity
