/*
 * GCC 13's libstdc++ exports std::ios_base_library_init() (version GLIBCXX_3.4.32). Code compiled with GCC 13 that
 * includes <iostream> refers to it only to pull in that symbol version; the standard streams are set up by libstdc++
 * itself. Debian 12's libstdc++ (GCC 12) constructs the streams on its own, so a no-op is a faithful stand-in.
 * fix-libtorchsharp.sh compiles this file next to each patched libLibTorchSharp.so and adds it as a DT_NEEDED.
 */
__attribute__((visibility("default"))) void _ZSt21ios_base_library_initv(void) {}
