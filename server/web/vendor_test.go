package web

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"testing"
)

// TestVendoredEChartsIsPinned: the embedded echarts.min.js is the file
// assets/VENDOR.md records — dist/echarts.min.js of the npm tarball whose
// integrity it lists (checked by hand against `npm pack echarts@5.5.1`
// when recorded), so the charting library cannot change unnoticed.
func TestVendoredEChartsIsPinned(t *testing.T) {
	doc, err := assetFS.ReadFile("assets/VENDOR.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`sha256:([0-9a-f]{64})`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("assets/VENDOR.md records no sha256: of echarts.min.js")
	}
	js, err := assetFS.ReadFile("assets/echarts.min.js")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(js)
	if got := hex.EncodeToString(sum[:]); got != string(m[1]) {
		t.Errorf("assets/echarts.min.js has sha256 %s, VENDOR.md pins %s", got, m[1])
	}
	for _, name := range []string{"LICENSE-echarts", "NOTICE-echarts", "LICENSE-zrender", "LICENSE-d3"} {
		if _, err := assetFS.ReadFile("assets/" + name); err != nil {
			t.Errorf("licence %s is not embedded: %v", name, err)
		}
	}
}
