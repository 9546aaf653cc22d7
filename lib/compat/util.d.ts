// pcap/util, as node_pcap 3.x exported it (see README.md): each byte value's text, by value.
/** '0' ... '255'. */
export declare const int8_to_dec: readonly string[];
/** '00' ... 'ff'. */
export declare const int8_to_hex: readonly string[];
/** '0' ... 'ff'. */
export declare const int8_to_hex_nopad: readonly string[];
