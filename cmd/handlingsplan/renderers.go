package main

import "handlingsplan/publish"

// renderers are the files of every package, in the order they are written.
func renderers() []publish.Renderer {
	return []publish.Renderer{}
}
