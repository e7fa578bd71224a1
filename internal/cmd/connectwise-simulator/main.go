// Command connectwise-simulator serves the ConnectWise PSA simulator (internal/simulator)
// for manual testing and scripts. It prints the API URL, the admin URL and the
// credentials to stderr and runs until SIGINT or SIGTERM.
//
//	go run ./internal/cmd/connectwise-simulator -demo 200 -ready-file /tmp/cw.json
//	go run ./internal/cmd/connectwise-simulator -variant security-ids=underscored -variant bad-auth=404
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "connectwise-simulator:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("connectwise-simulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "API listen address")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a fresh self-signed certificate")
	dataFile := fs.String("data", "", "load the dataset from this JSON file (the admin GET /store shape)")
	demo := fs.Int("demo", 0, "generate demo data with this many companies (ignored with -data)")
	seed := fs.Int64("seed", 1, "seed of the demo data")
	latency := fs.Duration("latency", 0, "latency added to every API request")
	rpm := fs.Int("rpm", 0, "requests per minute before 429 (0 = unlimited)")
	companyID := fs.String("company-id", simulator.DefaultCompanyID, "ConnectWise company ID")
	publicKey := fs.String("public-key", simulator.DefaultPublicKey, "API member public key")
	privateKey := fs.String("private-key", simulator.DefaultPrivateKey, "API member private key")
	clientID := fs.String("client-id", "", "accept only this clientId (default: any GUID)")
	codebase := fs.String("codebase", "v2025_8/", "codebase reported by companyinfo")
	isCloud := fs.Bool("cloud", false, "report a cloud site")
	faultSeed := fs.Int64("fault-seed", 1, "seed of fault injection")
	f500 := fs.Float64("fault-500", 0, "probability of an injected 500 per API request")
	f503 := fs.Float64("fault-503", 0, "probability of an injected 503 per API request")
	fReset := fs.Float64("fault-reset", 0, "probability of a connection reset before handling")
	fResetWrite := fs.Float64("fault-reset-after-write", 0, "probability of a reset after applying a write")
	fSlow := fs.Float64("fault-slow", 0, "probability of a slow answer")
	fSlowDelay := fs.Duration("fault-slow-delay", 5*time.Second, "delay of a slow answer")
	fCloudflare403 := fs.Float64("fault-cloudflare-403", 0, "probability of Cloudflare's HTML 403 block page")
	fIIS500 := fs.Float64("fault-iis-500", 0, "probability of IIS's own HTML 500 page")
	fEmpty502 := fs.Float64("fault-empty-502", 0, "probability of an empty 502 from a load balancer")
	fCloudflare52x := fs.Float64("fault-cloudflare-52x", 0, "probability of a Cloudflare 520-524 HTML page (a 524 after applying the request)")
	readyFile := fs.String("ready-file", "", "write the URLs and credentials as JSON to this file once listening")
	var variants simulator.Variants
	fs.Func("variant", variantUsage(), variants.ParseVariant)
	if err := fs.Parse(args); err != nil {
		return err
	}

	var data *simulator.Dataset
	switch {
	case *dataFile != "":
		d, err := simulator.LoadDataset(*dataFile)
		if err != nil {
			return err
		}
		data = d
	case *demo > 0:
		data = simulator.DemoData(*seed, *demo)
	}
	opts := simulator.Options{
		CompanyID: *companyID, PublicKey: *publicKey, PrivateKey: *privateKey, ClientID: *clientID,
		Codebase: *codebase, Latency: *latency, RequestsPerMinute: *rpm, Data: data, IsCloud: *isCloud, Variants: variants,
		Faults: simulator.Faults{Seed: *faultSeed, Error500: *f500, Error503: *f503, ResetBefore: *fReset,
			ResetAfterWrite: *fResetWrite, Slow: *fSlow, SlowDelay: *fSlowDelay, CloudflareBlock403: *fCloudflare403,
			IISError500: *fIIS500, Empty502: *fEmpty502, Cloudflare52x: *fCloudflare52x},
	}
	srv, err := simulator.Start(opts, *addr, *useTLS)
	if err != nil {
		return err
	}
	defer srv.Close()

	fmt.Fprintf(os.Stderr, "ConnectWise simulator\n  API:        %s  (codebase %s)\n  admin:      %s\n  company ID: %s\n  public key: %s\n  private key: %s\n",
		srv.URL, *codebase, srv.AdminURL, *companyID, *publicKey, *privateKey)
	if *clientID != "" {
		fmt.Fprintf(os.Stderr, "  clientId:   %s\n", *clientID)
	} else {
		fmt.Fprintf(os.Stderr, "  clientId:   any GUID\n")
	}
	if v := variants.String(); v != "" {
		fmt.Fprintf(os.Stderr, "  variants:   %s\n", v)
	}
	if len(srv.CertPEM) > 0 {
		fmt.Fprintf(os.Stderr, "  certificate:\n%s", srv.CertPEM)
	}
	if *readyFile != "" {
		if err := writeReady(*readyFile, srv, opts); err != nil {
			return err
		}
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	fmt.Fprintln(os.Stderr, "connectwise-simulator: stopping")
	return nil
}

// variantUsage lists every variant and its values, the default first.
func variantUsage() string {
	var b strings.Builder
	b.WriteString("name=value: answer an unconfirmed detail another way (repeatable); default first:")
	for _, d := range simulator.VariantDefs() {
		fmt.Fprintf(&b, "\n  %s=%s", d.Name, strings.Join(d.Values, "|"))
	}
	return b.String()
}

// writeReady writes the ready file atomically (temp file + rename) so a script polling
// for it never reads half a file.
func writeReady(path string, srv *simulator.Server, opts simulator.Options) error {
	b, err := json.MarshalIndent(map[string]any{
		"url": srv.URL, "adminUrl": srv.AdminURL, "companyId": opts.CompanyID,
		"publicKey": opts.PublicKey, "privateKey": opts.PrivateKey, "clientId": opts.ClientID,
		"codebase": opts.Codebase, "certPem": string(srv.CertPEM), "variants": opts.Variants.String(),
	}, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
