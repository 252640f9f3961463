// Package clv predicts customer lifetime value with buy-till-you-die models.
package clv

import _ "gonum.org/v1/gonum/optimize" // pinned for the MLE fits
