{
  "targets": [
    {
      "target_name": "pcap_binding",
      "sources": [
        "src/addon.cc",
        "src/bpf_program.cc",
        "src/devices.cc",
        "src/live_capture.cc",
        "src/offline_reader.cc"
      ],
      # PCAP_INCLUDE_DIR and PCAP_LIBS come from scripts/build.js (pcap-config, Homebrew, MacPorts)
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(node -p \"process.env.PCAP_INCLUDE_DIR || ''\")"
      ],
      # NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS: when a worker thread is being terminated, JS can
      # still call a method whose error cannot be thrown any more; without it node-addon-api
      # rethrows as a C++ exception out of the callback, which aborts the whole process.
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-fvisibility=hidden", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "libraries": ["<!@(node -p \"process.env.PCAP_LIBS || '-lpcap'\")"],
      "conditions": [
        ["'<!(node -p \"process.env.PCAP_SANITIZE || 0\")'=='1'", {
          "cflags_cc": ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-g", "-O1"],
          "ldflags": ["-fsanitize=address,undefined"]
        }],
        ["OS=='linux'", {
          "ldflags": ["-Wl,-z,nodelete"]
        }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
            "MACOSX_DEPLOYMENT_TARGET": "10.15"
          }
        }]
      ]
    }
  ]
}
