#pragma once
// dicom: the DICOM upper layer (A-ASSOCIATE-RQ/AC/RJ, P-DATA-TF with the DIMSE command and a
// whitelisted prefix of a C-STORE dataset). See dicom.cpp for what is decoded and the
// references; the limits below are named so tests can reach them.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::dicom {

inline constexpr std::string_view kName = "dicom";

// Plausibility bound for the probe and decode: PS3.8 §9.3 allows any 32-bit PDU length, but an
// A-ASSOCIATE PDU of 128 presentation contexts is well under 1 MiB, and a P-DATA-TF PDU is
// bounded by the receiver's maximum length (PS3.8 §D.1), which real peers keep in MiB.
inline constexpr std::uint32_t kMaxAssociatePduLength = 0x00100000;  // 1 MiB
inline constexpr std::uint32_t kMaxPDataPduLength = 0x04000000;      // 64 MiB

// Facts per A-ASSOCIATE PDU (the sink holds ObservationSink::kMaxPerFrame = 64): the AE and
// implementation facts (at most 7) come first, then at most this many distinct SOP classes,
// then at most this many distinct transfer syntaxes. Fixed budgets keep the facts of a
// truncated PDU a subset of the facts of the whole one.
inline constexpr std::size_t kMaxSopClassFacts = 40;
inline constexpr std::size_t kMaxTransferSyntaxFacts = 12;

// C-STORE-RQ: how much of the dataset is walked looking for the whitelisted General Equipment
// attributes before giving up (`limited`), how deep undefined-length sequences may nest while
// they are skipped by delimitation, and the stack buffer one whitelisted value is copied into.
inline constexpr std::size_t kMaxDatasetPrefixBytes = 16384;
inline constexpr std::size_t kMaxSequenceDepth = 8;
inline constexpr std::size_t kMaxDatasetValueBytes = 256;
// PS3.5 §6.2: a UID is at most 64 characters.
inline constexpr std::size_t kMaxUidBytes = 64;

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;
bool probe(ByteReader in) noexcept;

}  // namespace daicho::collectors::dicom
