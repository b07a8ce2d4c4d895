// Package handlingsplan holds the files the whole module ships: the default
// configuration. The binary is in cmd/handlingsplan.
package handlingsplan

import _ "embed"

// DefaultConfig is the shipped config.yaml, used when no configuration file is given.
//
//go:embed config.yaml
var DefaultConfig []byte
