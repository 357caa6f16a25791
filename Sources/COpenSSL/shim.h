// The parts of OpenSSL's libcrypto that the Crypto module uses. Only Crypto imports this module.
#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H

// Crypto hashes with the low-level SHA256_Init/Update/Final functions: their context is a plain
// C struct, so a Swift value can hold it without a heap allocation, and they skip the provider
// dispatch of the EVP layer (HMAC over them measured about 20% faster than EVP_MAC on 1 KiB
// messages). OpenSSL 3.0 deprecated them, but they are still part of its API; targeting the
// 1.1.1 API level keeps them declared without deprecation warnings.
#define OPENSSL_API_COMPAT 10101

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#endif
