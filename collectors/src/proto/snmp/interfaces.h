#pragma once
// The interface and address tables of an SNMP agent, read from the cells of a GetResponse: the
// MACs and addresses the answering box holds on its other interfaces (see interfaces.cpp).

#include "proto/common/emitter.h"
#include "proto/snmp/ber.h"

namespace daicho::collectors::snmp {

// One VarBind of a GetResponse: `name` is the OID's contents, `value` its value. Emits
// interface_mac or interface_address about the sender when the cell is one of the columns
// interfaces.cpp reads; says nothing otherwise.
void interpret_interface_cell(ByteReader name, const ber::Element& value,
                              const Emitter& emit) noexcept;

}  // namespace daicho::collectors::snmp
