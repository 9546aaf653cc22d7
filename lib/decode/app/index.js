'use strict';
// Registers the decoders of this folder in the dispatch tables (filled in as they are written).

