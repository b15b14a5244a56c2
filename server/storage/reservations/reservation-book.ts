import type { ReservationBook } from "../../core/dialogue/dialogue-ports";
import { cancelReservation } from "./cancel-reservation";
import { createReservation } from "./create-reservation";
import { findReservation } from "./find-reservation";
import { listBookedSeats } from "./list-booked-seats";
import { recallReservationContact } from "./recall-reservation-contact";
import { rememberReservationContact } from "./remember-reservation-contact";
import { rescheduleReservation } from "./reschedule-reservation";

/** The dialogue core's reservation port over Postgres. */
export const reservationBook: ReservationBook = {
  bookedBetween: listBookedSeats,
  create: createReservation,
  find: findReservation,
  cancel: cancelReservation,
  reschedule: rescheduleReservation,
  rememberContact: rememberReservationContact,
  recallContact: recallReservationContact,
};
