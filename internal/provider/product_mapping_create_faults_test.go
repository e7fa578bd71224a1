package provider

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// The first catalog POST fails: a 503 before ConnectWise handled it, or a connection reset
// after it applied it. Either way the apply succeeds with exactly one item: the provider
// looks the identifier up before it posts again (a catalog identifier is unique, so a
// second POST could not duplicate it anyway).
func TestAccProductMappingCreateSurvivesAFailedPOST(t *testing.T) {
	clearProviderEnv(t)
	for _, tc := range []struct {
		name      string
		fault     func(w http.ResponseWriter, r *http.Request, sim http.Handler)
		wantPOSTs int64
	}{
		{"503 before handling", func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
		}, 2},
		{"reset after applying", func(w http.ResponseWriter, r *http.Request, sim http.Handler) {
			sim.ServeHTTP(httptest.NewRecorder(), r) // applied; the answer is lost
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := simulator.New(simulator.Options{Data: simulator.DemoData(1, 5)})
			var posts, failed atomic.Int64
			front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/procurement/catalog") {
					posts.Add(1)
					if failed.CompareAndSwap(0, 1) {
						tc.fault(w, r, sim.Handler())
						return
					}
				}
				sim.Handler().ServeHTTP(w, r)
			}))
			t.Cleanup(front.Close)
			config := providerBlock(front.URL, "") + nordLayerWithDefaults + mappingHCL("core", "core-license", withDefaults+`
  create_catalog_item = {
    identifier  = "TF-NL-CORE"
    description = "NordLayer Core (Terraform)"
  }`)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config: config,
					Check: func(*terraform.State) error {
						n := 0
						for _, item := range sim.Store().List("catalog") {
							if item["identifier"] == "TF-NL-CORE" {
								n++
							}
						}
						if n != 1 || posts.Load() != tc.wantPOSTs {
							t.Errorf("%d items TF-NL-CORE after %d POSTs, want 1 after %d", n, posts.Load(), tc.wantPOSTs)
						}
						return nil
					},
				}},
			})
		})
	}
}
