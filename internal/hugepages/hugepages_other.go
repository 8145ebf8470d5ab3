//go:build !linux

package hugepages

func mode() string { return "" }

func strictOvercommit() bool { return true }
